using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

/// <summary>Two app instances on one storage account: one generated key for both, and tokens from either accepted by the other.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class FacadeKeyRingAzuriteTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new();
    private readonly Dictionary<string, string?> _settings = new(FacadeTestHost.UniqueTables()) { ["Auth:Mode"] = "Facade" };

    [Fact]
    public async Task ConcurrentFirstUseOnTwoInstances_ConvergesOnOneStoredKey()
    {
        await using var instanceA = FacadeTestHost.Create(_time, _settings, azurite);
        await using var instanceB = FacadeTestHost.Create(_time, _settings, azurite);

        var keys = await Task.WhenAll(
            Task.Run(() => instanceA.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None)),
            Task.Run(() => instanceB.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None)));
        var jwksA = await instanceA.Get<IFacadeKeyRing>().GetPublicJwksJsonAsync(CancellationToken.None);
        var jwksB = await instanceB.Get<IFacadeKeyRing>().GetPublicJwksJsonAsync(CancellationToken.None);

        Assert.Equal(keys[0].KeyId, keys[1].KeyId);
        var stored = Assert.Single(await instanceA.Get<ISigningKeyStore>().ListAsync(CancellationToken.None));
        Assert.Equal(keys[0].KeyId, stored.KeyId);
        Assert.Equal(jwksA, jwksB);
        var warnings = instanceA.Logs.Lines.Concat(instanceB.Logs.Lines).Count(l => l.EventId.Id == 5011);
        Assert.Equal(1, warnings);
    }

    [Fact]
    public async Task TokenIssuedByOneInstance_IsValidOnTheOther_AndRevocationOnEitherReachesBoth()
    {
        await using var instanceA = FacadeTestHost.Create(_time, _settings, azurite);
        await using var instanceB = FacadeTestHost.Create(_time, _settings, azurite);
        var grant = (await instanceA.Get<IGrantStore>().CreateAsync(NewGrant(), CancellationToken.None)).Value!;
        var token = await FacadeTokenValidatorTests.IssueAsync(instanceA, grant);

        var onB = await instanceB.Get<ITokenValidator>().ValidateAsync(token, CancellationToken.None);
        await instanceA.Get<IGrantStore>().RevokeAsync(grant.GrantId, CancellationToken.None);
        _time.Advance(FacadeTokenDefaults.GrantCheckInterval);
        var onBAfterRevocation = await instanceB.Get<ITokenValidator>().ValidateAsync(token, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, onB.Status);
        Assert.Equal(TokenValidationStatus.Invalid, onBAfterRevocation.Status);
    }

    [Fact]
    public async Task KeyRotatedOnOneInstance_VerifiesAtOnceOnAnotherThatCachedTheOldKeys()
    {
        await using var instanceA = FacadeTestHost.Create(_time, _settings, azurite);
        await using var instanceB = FacadeTestHost.Create(_time, _settings, azurite);
        var first = await instanceA.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        var grantStore = instanceA.Get<IGrantStore>();
        var grant = (await grantStore.CreateAsync(NewGrant() with { ExpiresAt = _time.GetUtcNow().AddDays(60) }, CancellationToken.None)).Value!;

        // B caches keys (only the first generation) shortly before it retires.
        _time.Advance(FacadeTokenDefaults.GeneratedKeySigningLifetime - TimeSpan.FromSeconds(30));
        Assert.Equal(TokenValidationStatus.Valid, (await instanceB.Get<ITokenValidator>().ValidateAsync(
            await FacadeTokenValidatorTests.IssueAsync(instanceA, grant), CancellationToken.None)).Status);
        _time.Advance(TimeSpan.FromSeconds(30));
        var tokenFromSecondGeneration = await FacadeTokenValidatorTests.IssueAsync(instanceA, grant);

        var onB = await instanceB.Get<ITokenValidator>().ValidateAsync(tokenFromSecondGeneration, CancellationToken.None);

        Assert.NotEqual(first.KeyId, (await instanceA.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None)).KeyId);
        Assert.Equal(TokenValidationStatus.Valid, onB.Status);
        Assert.Contains(instanceB.Logs.Lines, l => l.EventId.Id == 5014);
    }

    private GrantRecord NewGrant() => new()
    {
        GrantId = OAuthSecrets.NewId(),
        ClientId = "client-1",
        Subject = "user-1",
        Scopes = ["mcp:read"],
        Resource = FacadeTestHost.Resource,
        RefreshTokenHash = OAuthSecrets.Hash("refresh"),
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow().AddDays(30),
    };
}
