using McpFunctions.ResourceServer;
using McpFunctions.OpenIdConnect;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// Routing by token shape, as the first seed's <c>verify_token_manual</c>: JWS with kid → JWKS; JWE, JWS
/// without kid, opaque → introspection, else userinfo, else refused. Each path is observed at the server.
/// </summary>
public sealed class TokenValidatorRouterTests : IAsyncLifetime, IDisposable
{
    private const string Jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiaXNzIjoiaHR0cHM6Ly90ZW5hbnQuYXV0aDAuY29tLyJ9..aXY.Y2lwaGVy.dGFn";

    private readonly ManualTimeProvider _clock = new();
    private readonly TestSigningKey _key = new("key-1");
    private TestAuthorizationServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAuthorizationServer.StartAsync();
        _server.Publish(_key);
        _server.Userinfo = context => context.Response.WriteAsync("""{"sub":"via-userinfo"}""");
        _server.Introspection = context => context.Response.WriteAsync(
            $$"""{"active":true,"sub":"via-introspection","aud":"{{OidcProviderOptions.McpJwtResource}}","scope":"mcp:read"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _key.Dispose();

    [Theory]
    [InlineData(Jwe)]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln")]
    [InlineData("opaque-reference-token")]
    public async Task TokenWithoutKid_GoesToUserinfo_WhenOnlyUserinfoIsEnabled(string token)
    {
        await using var host = CreateHost(userinfo: true, introspection: false);

        var result = await host.Validator.ValidateAsync(token, CancellationToken.None);

        Assert.Equal("via-userinfo", result.Token!.Subject);
        Assert.Equal(TokenValidationMethod.Userinfo, result.Token.Method);
        Assert.Equal(1, _server.Count(TestAuthorizationServer.UserinfoPath));
        Assert.Equal(0, _server.Count(TestAuthorizationServer.IntrospectionPath));
    }

    [Fact]
    public async Task TokenWithoutKid_GoesToIntrospection_WhenBothAreEnabled()
    {
        await using var host = CreateHost(userinfo: true, introspection: true);

        var result = await host.Validator.ValidateAsync(Jwe, CancellationToken.None);

        Assert.Equal("via-introspection", result.Token!.Subject);
        Assert.Equal(TokenValidationMethod.Introspection, result.Token.Method);
        Assert.Equal(1, _server.Count(TestAuthorizationServer.IntrospectionPath));
        Assert.Equal(0, _server.Count(TestAuthorizationServer.UserinfoPath));
        Assert.True(host.Logs.Contains("Token has no kid — validating via introspection (Encrypted token "));
    }

    [Fact]
    public async Task JwsWithKid_GoesToJwks_EvenWhenIntrospectionAndUserinfoAreEnabled()
    {
        await using var host = CreateHost(userinfo: true, introspection: true);
        var token = _key.Sign(new Dictionary<string, object?>
        {
            ["iss"] = _server.Issuer,
            ["sub"] = "via-jwks",
            ["aud"] = OidcProviderOptions.McpJwtResource,
            ["exp"] = _clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(),
        });

        var result = await host.Validator.ValidateAsync(token, CancellationToken.None);

        Assert.Equal("via-jwks", result.Token!.Subject);
        Assert.Equal(TokenValidationMethod.Jwks, result.Token.Method);
        Assert.Equal(0, _server.Count(TestAuthorizationServer.IntrospectionPath));
        Assert.Equal(0, _server.Count(TestAuthorizationServer.UserinfoPath));
    }

    [Fact]
    public async Task Jwe_IsInvalid_WithoutAnyCall_WhenNeitherIntrospectionNorUserinfoIsEnabled()
    {
        await using var host = CreateHost(userinfo: false, introspection: false);

        var result = await host.Validator.ValidateAsync(Jwe, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Equal("token is not a signed JWT with a kid and neither introspection nor userinfo is configured", result.FailureReason);
        Assert.Equal(0, _server.Count(TestAuthorizationServer.UserinfoPath) + _server.Count(TestAuthorizationServer.IntrospectionPath) + _server.Count(TestAuthorizationServer.DiscoveryPath));
    }

    [Theory]
    [InlineData(Jwe, "Encrypted", null)]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln", "SignedJwtWithKid", "k1")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.e30.c2ln", "SignedJwtWithoutKid", null)]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "SignedJwtWithoutKid", null)]
    [InlineData("bm90IGpzb24.e30.c2ln", "Opaque", null)]
    [InlineData("WyJhcnJheSJd.e30.c2ln", "Opaque", null)]
    [InlineData("2YotnFZFEjr1zCsicMWpAA", "Opaque", null)]
    [InlineData("a.b", "Opaque", null)]
    public void TokenShape_ClassifiesWithoutTrustingTheToken(string token, string format, string? keyId)
    {
        Assert.Equal(new TokenShape(Enum.Parse<TokenFormat>(format), keyId), TokenShape.Of(token));
    }

    private TokenValidationTestHost CreateHost(bool userinfo, bool introspection) =>
        TokenValidationTestHost.Create(
            TokenValidationTestHost.ExternalIdp(_server.Issuer, o =>
            {
                o.Userinfo.Enabled = userinfo;
                o.Introspection.Enabled = introspection;
                o.Introspection.ClientId = "rs";
                o.Introspection.ClientSecret = "secret";
            }),
            _clock);
}
