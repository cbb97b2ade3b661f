using System.Security.Cryptography;
using System.Text.Json;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

/// <summary>The key ring in one process: configured keys, generated keys, rotation and what <c>jwks_uri</c> publishes.</summary>
public sealed class FacadeKeyRingTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task ConfiguredRsaKey_SignsAndIsTheOnlyPublishedKey_AndIsNeverStored()
    {
        using var rsa = RSA.Create(2048);
        var expected = SigningKeyMaterial.FromPem(rsa.ExportPkcs8PrivateKeyPem());
        await using var host = FacadeTestHost.Create(_time, new Dictionary<string, string?> { ["Facade:SigningKey"] = rsa.ExportPkcs8PrivateKeyPem() });
        var ring = host.Get<IFacadeKeyRing>();

        var signing = await ring.GetSigningKeyAsync(CancellationToken.None);
        var jwks = Jwks(await ring.GetPublicJwksJsonAsync(CancellationToken.None));
        var validation = await ring.GetValidationKeysAsync(CancellationToken.None);

        Assert.Equal(expected.KeyId, signing.KeyId);
        Assert.Equal("RS256", signing.Algorithm);
        var published = Assert.Single(jwks);
        Assert.Equal(expected.KeyId, published["kid"]);
        Assert.Equal("RSA", published["kty"]);
        Assert.Equal("RS256", published["alg"]);
        Assert.Equal(expected.KeyId, Assert.Single(validation).KeyId);
        Assert.Empty(await host.Get<ISigningKeyStore>().ListAsync(CancellationToken.None));
        Assert.Contains(host.Logs.Lines, l => l.EventId.Id == 5010 && l.Message.Contains(expected.KeyId, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task ConfiguredP256Key_SignsEs256()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var host = FacadeTestHost.Create(_time, new Dictionary<string, string?> { ["Facade:SigningKey"] = ecdsa.ExportPkcs8PrivateKeyPem() });

        var signing = await host.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        var published = Assert.Single(Jwks(await host.Get<IFacadeKeyRing>().GetPublicJwksJsonAsync(CancellationToken.None)));

        Assert.Equal("ES256", signing.Algorithm);
        Assert.Equal("EC", published["kty"]);
        Assert.Equal("P-256", published["crv"]);
        Assert.Equal(signing.KeyId, published["kid"]);
    }

    [Fact]
    public async Task WithoutConfiguredKey_GeneratesOneOnFirstUse_StoresItProtected_AndWarns()
    {
        await using var host = FacadeTestHost.Create(_time);
        var ring = host.Get<IFacadeKeyRing>();

        var first = await ring.GetSigningKeyAsync(CancellationToken.None);
        var second = await ring.GetSigningKeyAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var afterCacheExpiry = await ring.GetSigningKeyAsync(CancellationToken.None);

        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(first.KeyId, afterCacheExpiry.KeyId);
        var stored = Assert.Single(await host.Get<ISigningKeyStore>().ListAsync(CancellationToken.None));
        Assert.Equal(first.KeyId, stored.KeyId);
        Assert.Equal(1, stored.Generation);
        Assert.Equal(_time.GetUtcNow().AddMinutes(-5).AddDays(30), stored.RetireAt);
        Assert.Equal(stored.RetireAt + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10), stored.ExpiresAt);
        Assert.DoesNotContain("PRIVATE KEY", stored.PrivateKeyProtected, StringComparison.Ordinal);
        Assert.True(host.Get<FacadeProtector>().TryUnprotect(FacadeProtectionPurposes.SigningKey, stored.PrivateKeyProtected, out var pem));
        Assert.Equal(first.KeyId, SigningKeyMaterial.FromPem(pem).KeyId);
        var warning = Assert.Single(host.Logs.Lines, l => l.EventId.Id == 5011);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("generated a signing key and stored it", warning.Message, StringComparison.Ordinal);
        Assert.Contains("configure Facade:SigningKey from Key Vault in production", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentFirstUse_CreatesOneKey()
    {
        await using var host = FacadeTestHost.Create(_time);
        var ring = host.Get<IFacadeKeyRing>();

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ring.GetSigningKeyAsync(CancellationToken.None))));

        Assert.Single(keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal));
        Assert.Single(await host.Get<ISigningKeyStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Rotation_NewGenerationSignsAfterRetirement_OldKeyStaysPublishedUntilItsTokensExpire()
    {
        await using var host = FacadeTestHost.Create(_time);
        var ring = host.Get<IFacadeKeyRing>();
        var first = await ring.GetSigningKeyAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromDays(30));
        var second = await ring.GetSigningKeyAsync(CancellationToken.None);
        var duringOverlap = Jwks(await ring.GetPublicJwksJsonAsync(CancellationToken.None)).Select(k => k["kid"]).ToList();
        var validationDuringOverlap = (await ring.GetValidationKeysAsync(CancellationToken.None)).Select(k => k.KeyId).ToList();
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));
        var afterOldExpired = Jwks(await ring.GetPublicJwksJsonAsync(CancellationToken.None)).Select(k => k["kid"]).ToList();

        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.Equal(2, second.Generation);
        Assert.Equal(new[] { first.KeyId, second.KeyId }.Order(StringComparer.Ordinal), duringOverlap.Order(StringComparer.Ordinal));
        Assert.Contains(first.KeyId, validationDuringOverlap);
        Assert.Contains(second.KeyId, validationDuringOverlap);
        Assert.Equal([second.KeyId], afterOldExpired);
    }

    [Fact]
    public async Task Issuer_IsThePublicBaseUrlWithoutTrailingSlash()
    {
        await using var host = FacadeTestHost.Create(_time);

        Assert.Equal("https://mcp.example.test", host.Get<IFacadeKeyRing>().Issuer);
    }

    [Fact]
    public async Task UnreadableStoredKey_IsSkipped_AndANewGenerationTakesOver()
    {
        await using var host = FacadeTestHost.Create(_time);
        var store = host.Get<ISigningKeyStore>();
        await store.CreateAsync(new SigningKeyRecord
        {
            KeyId = "lost",
            Generation = 1,
            Algorithm = "RS256",
            PrivateKeyProtected = "protected-by-a-key-ring-that-is-gone",
            CreatedAt = _time.GetUtcNow(),
            RetireAt = _time.GetUtcNow().AddDays(30),
            ExpiresAt = _time.GetUtcNow().AddDays(31),
        }, CancellationToken.None);

        var key = await host.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None);

        Assert.Equal(2, key.Generation);
        Assert.Contains(host.Logs.Lines, l => l.EventId.Id == 5013 && l.Level == LogLevel.Error);
        Assert.DoesNotContain("lost", Jwks(await host.Get<IFacadeKeyRing>().GetPublicJwksJsonAsync(CancellationToken.None)).Select(k => k["kid"]));
    }

    internal static List<Dictionary<string, string>> Jwks(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("keys").EnumerateArray()
            .Select(k => k.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!))];
    }
}
