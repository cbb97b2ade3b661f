using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.OpenIdConnect;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Tests.OAuthFacade.Tokens;
using McpFunctions.Tests.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// RFC 7519 §4.1.4–4.1.6: <c>exp</c>, <c>nbf</c> and <c>iat</c> are NumericDate, JSON numbers. A correctly signed
/// token whose date claim has any other JSON type is refused by the resource server's JWT validator and by the
/// façade's token validator, generated for every date claim and every non-number type (the upstream ID token
/// validator applies the same check in its lifetime rule).
/// </summary>
public sealed class NumericDateTests : IDisposable
{
    private static readonly string[] DateClaims = ["exp", "nbf", "iat"];

    private readonly ManualTimeProvider _clock = new();
    private readonly TestSigningKey _key = new("key-1");

    /// <summary>Every JSON type that is not a number; the first is the numeric string the corpus found accepted.</summary>
    private JsonNode?[] NonNumbers(string claim) =>
    [
        JsonValue.Create(Seconds(claim).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        JsonValue.Create("tomorrow"),
        JsonValue.Create(true),
        null,
        new JsonObject { ["seconds"] = Seconds(claim) },
        new JsonArray(Seconds(claim)),
    ];

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task ResourceServer_RefusesEveryNonNumberDateClaim_AndAcceptsNumbers()
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        server.Publish(_key);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer), _clock);
        var payload = new JsonObject
        {
            ["iss"] = server.Issuer,
            ["sub"] = "alice",
            ["aud"] = OidcProviderOptions.McpJwtResource,
            ["iat"] = Seconds("iat"),
            ["nbf"] = Seconds("nbf"),
            ["exp"] = Seconds("exp"),
            ["scope"] = "mcp:read",
            ["client_id"] = "claude",
        };

        var valid = await host.Validator.ValidateAsync(SignResourceServerToken(payload), CancellationToken.None);
        Assert.Equal(TokenValidationStatus.Valid, valid.Status);

        var accepted = new List<string>();
        foreach (var claim in DateClaims)
        {
            foreach (var value in NonNumbers(claim))
            {
                var changed = payload.DeepClone().AsObject();
                changed[claim] = value?.DeepClone();
                var result = await host.Validator.ValidateAsync(SignResourceServerToken(changed), CancellationToken.None);
                if (result.Status != TokenValidationStatus.Invalid)
                {
                    accepted.Add($"{claim}={value?.ToJsonString() ?? "null"}: {result.Status}");
                }
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public async Task Facade_RefusesEveryNonNumberDateClaim_InTokensSignedWithItsOwnKey()
    {
        await using var host = FacadeTestHost.Create(_clock, new Dictionary<string, string?> { ["Auth:Mode"] = "Facade" });
        var grant = (await host.Get<IGrantStore>().CreateAsync(new GrantRecord
        {
            GrantId = OAuthSecrets.NewId(),
            ClientId = "client-1",
            Subject = "user-1",
            Scopes = ["mcp:read"],
            Resource = FacadeTestHost.Resource,
            RefreshTokenHash = OAuthSecrets.Hash("refresh"),
            CreatedAt = _clock.GetUtcNow(),
            UpdatedAt = _clock.GetUtcNow(),
            ExpiresAt = _clock.GetUtcNow().AddDays(30),
        }, CancellationToken.None)).Value!;
        var issued = (await host.Get<IAccessTokenIssuer>().IssueAsync(
            new AccessTokenRequest(grant.Subject, grant.ClientId, grant.Scopes, grant.Resource, grant.GrantId, null), CancellationToken.None)).Token;
        var key = await host.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        var validator = host.Get<ITokenValidator>();

        // The re-signing itself is sound: the unchanged payload re-signed is still valid.
        Assert.Equal(TokenValidationStatus.Valid, (await validator.ValidateAsync(Resign(issued, key, _ => { }), CancellationToken.None)).Status);

        var accepted = new List<string>();
        foreach (var claim in DateClaims)
        {
            foreach (var value in NonNumbers(claim))
            {
                var token = Resign(issued, key, payload => payload[claim] = value?.DeepClone());
                var result = await validator.ValidateAsync(token, CancellationToken.None);
                if (result.Status != TokenValidationStatus.Invalid)
                {
                    accepted.Add($"{claim}={value?.ToJsonString() ?? "null"}: {result.Status}");
                }
            }
        }

        Assert.Empty(accepted);
    }

    [Theory]
    [InlineData("""{"exp":1,"nbf":2,"iat":3}""", null)]
    [InlineData("""{"sub":"x"}""", null)]
    [InlineData("""{"a":{"exp":"nested is not a date claim"},"exp":5}""", null)]
    [InlineData("""{"exp":"5"}""", "exp")]
    [InlineData("""{"sub":"x","iat":null}""", "iat")]
    [InlineData("""{"nbf":[1]}""", "nbf")]
    [InlineData("""[1]""", "payload")]
    public void NonNumericClaim_ReadsTheJsonTypes(string payload, string? expected) =>
        Assert.Equal(expected, NumericDateClaims.NonNumericClaim(Base64UrlEncoder.Encode(payload)));

    private long Seconds(string claim) => _clock.GetUtcNow().AddSeconds(claim == "exp" ? 600 : 0).ToUnixTimeSeconds();

    private string SignResourceServerToken(JsonObject payload) =>
        _key.Sign(payload.ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone()));

    private static string Resign(string token, FacadeSigningKey key, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        change(payload);
        var input = parts[0] + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        var signer = key.PrivateKey.CryptoProviderFactory.CreateForSigning(key.PrivateKey, key.Algorithm);
        try
        {
            return input + "." + Base64UrlEncoder.Encode(signer.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.PrivateKey.CryptoProviderFactory.ReleaseSignatureProvider(signer);
        }
    }
}
