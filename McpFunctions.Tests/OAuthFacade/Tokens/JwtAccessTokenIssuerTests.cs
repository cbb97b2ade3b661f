using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Tests.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

/// <summary>Access tokens as RFC 9068 JWTs: header, claims, lifetime from the injected clock, and a signature the published JWKS verifies.</summary>
public sealed class JwtAccessTokenIssuerTests
{
    // A time with a fraction of a second: NumericDate is whole seconds, and the returned ExpiresAt must equal exp.
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).AddMilliseconds(700));

    [Fact]
    public async Task Issue_WritesTheRfc9068HeaderAndClaims()
    {
        await using var host = FacadeTestHost.Create(_time, new Dictionary<string, string?> { ["Facade:AccessTokenLifetime"] = "00:15:00" });
        var request = new AccessTokenRequest(
            "user-1",
            "https://client.example.com/metadata.json",
            ["mcp:read", "mcp:execute"],
            FacadeTestHost.Resource,
            "grant-1",
            """{"name":"Ada Lovelace","email":"ada@example.com","sub":"not-me","email_verified":true,"gid":"forged"}""");

        var issued = await host.Get<IAccessTokenIssuer>().IssueAsync(request, CancellationToken.None);

        var jwt = new JsonWebToken(issued.Token);
        var key = await host.Get<IFacadeKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        var now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(key.KeyId, jwt.Kid);
        Assert.Equal("https://mcp.example.test", jwt.Issuer);
        Assert.Equal([FacadeTestHost.Resource], jwt.Audiences);
        Assert.Equal("user-1", jwt.Subject);
        Assert.Equal("https://client.example.com/metadata.json", jwt.GetClaim("client_id").Value);
        Assert.Equal("mcp:read mcp:execute", jwt.GetClaim("scope").Value);
        Assert.Equal("grant-1", jwt.GetClaim("gid").Value);
        Assert.Equal("Ada Lovelace", jwt.GetClaim("name").Value);
        Assert.Equal("ada@example.com", jwt.GetClaim("email").Value);
        Assert.False(jwt.TryGetClaim("email_verified", out _));
        Assert.Equal(now.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(now.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("nbf"));
        Assert.Equal(now.AddMinutes(15).ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("exp"));
        Assert.Equal(now.AddMinutes(15), issued.ExpiresAt);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", jwt.Id);
    }

    [Fact]
    public async Task Issue_GivesEveryTokenItsOwnJti_AndOmitsScopeWhenNoneWasGranted()
    {
        await using var host = FacadeTestHost.Create(_time);
        var issuer = host.Get<IAccessTokenIssuer>();
        var request = new AccessTokenRequest("user-1", "client-1", [], FacadeTestHost.Resource, "grant-1", null);

        var first = new JsonWebToken((await issuer.IssueAsync(request, CancellationToken.None)).Token);
        var second = new JsonWebToken((await issuer.IssueAsync(request, CancellationToken.None)).Token);

        Assert.NotEqual(first.Id, second.Id);
        Assert.False(first.TryGetClaim("scope", out _));
        Assert.False(first.TryGetClaim("name", out _));
    }

    [Fact]
    public async Task Issue_SignatureVerifiesWithThePublishedJwks_AndWithNoOtherKey()
    {
        await using var host = FacadeTestHost.Create(_time);
        var issued = await host.Get<IAccessTokenIssuer>().IssueAsync(
            new AccessTokenRequest("user-1", "client-1", ["mcp:read"], FacadeTestHost.Resource, "grant-1", null), CancellationToken.None);
        var jwks = new JsonWebKeySet(await host.Get<IFacadeKeyRing>().GetPublicJwksJsonAsync(CancellationToken.None));
        await using var otherInstance = FacadeTestHost.Create(_time);
        var otherJwks = new JsonWebKeySet(await otherInstance.Get<IFacadeKeyRing>().GetPublicJwksJsonAsync(CancellationToken.None));

        var verified = await Verify(issued.Token, jwks);
        var withOtherKeys = await Verify(issued.Token, otherJwks);

        Assert.True(verified.IsValid, verified.Exception?.Message);
        Assert.False(withOtherKeys.IsValid);
    }

    [Fact]
    public async Task Issue_RefusesARelativeResource()
    {
        await using var host = FacadeTestHost.Create(_time);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Get<IAccessTokenIssuer>().IssueAsync(
            new AccessTokenRequest("user-1", "client-1", [], "/mcp", "grant-1", null), CancellationToken.None));
    }

    // Independent of FacadeTokenValidator: plain IdentityModel with the JWKS as any client or gateway would read it.
    private static Task<Microsoft.IdentityModel.Tokens.TokenValidationResult> Verify(string token, JsonWebKeySet jwks) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = "https://mcp.example.test",
            ValidAudience = FacadeTestHost.Resource,
            ValidateLifetime = false,
            ValidTypes = ["at+jwt"],
        });
}
