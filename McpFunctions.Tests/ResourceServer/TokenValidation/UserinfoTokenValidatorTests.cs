using McpFunctions.ResourceServer;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// The first seed's path (Phase 4): a token without a kid, validated by calling the IdP's userinfo endpoint
/// — here a real OpenID provider's, with an opaque token from a real authorization code flow.
/// </summary>
[Collection(OidcProviderCollectionDefinition.Name)]
public sealed class UserinfoTokenValidatorTests(OidcProviderFixture provider)
{
    [Fact]
    public async Task OpaqueUserToken_IsValid_ForItsSubject_WithAllServerScopes_AndTellsTheSeedsStory()
    {
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, resource: null, "openid email", "auth0|68e193461b57309d26362a05");
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        var token = result.Token!;
        Assert.Equal(TokenValidationMethod.Userinfo, token.Method);
        Assert.Equal("auth0|68e193461b57309d26362a05", token.Subject);
        Assert.Equal(new HashSet<string> { "mcp:read", "mcp:execute" }, token.Scopes);
        Assert.Null(token.ClientId);
        Assert.Null(token.ExpiresAt);
        Assert.Equal("auth0|68e193461b57309d26362a05@example.test", token.Principal.FindFirst("email")?.Value);
        Assert.True(host.Logs.Contains("Token has no kid — validating via userinfo (Opaque token "));
        Assert.True(host.Logs.Contains($"Validating token via userinfo: {provider.Url("/me")}"));
        Assert.Matches(@"Token validated for subject auth0\|68e193461b57309d26362a05 via userinfo, scopes \[mcp:execute, mcp:read\] in \d+ ms", host.Logs.AllText);
    }

    [Fact]
    public async Task GrantedScopes_AreTheConfiguredOnes()
    {
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, resource: null, "openid", "dave");
        await using var host = CreateHost(o => o.Userinfo.GrantedScopes.Add("mcp:read"));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(new HashSet<string> { "mcp:read" }, result.Token!.Scopes);
    }

    [Fact]
    public async Task RevokedToken_IsInvalid()
    {
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, resource: null, "openid", "erin");
        await provider.RevokeAsync(issued.AccessToken, OidcProviderOptions.PublicClientId, clientSecret: null);
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("refused the token (401)", result.FailureReason);
    }

    [Fact]
    public async Task TokenForAResourceServer_IsInvalid_AtUserinfo()
    {
        // oidc-provider refuses audience-bound tokens at userinfo; Auth0 behaves the same for API-only tokens.
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpOpaqueResource, "mcp:read");
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task UserinfoDown_IsUnavailable_NotInvalid()
    {
        await using var host = CreateHost(o => o.Userinfo.Endpoint = $"http://127.0.0.1:{ClosedPort.Find()}/userinfo");

        var result = await host.Validator.ValidateAsync("opaque-token-value", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
    }

    [Theory]
    [InlineData(StatusCodes.Status500InternalServerError, "Unavailable")]
    [InlineData(StatusCodes.Status429TooManyRequests, "Unavailable")]
    [InlineData(StatusCodes.Status401Unauthorized, "Invalid")]
    [InlineData(StatusCodes.Status403Forbidden, "Invalid")]
    public async Task UserinfoStatus_DecidesBetweenInvalidAndUnavailable(int status, string expected)
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        server.Userinfo = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o => o.Userinfo.Enabled = true));

        var result = await host.Validator.ValidateAsync("opaque-token-value", CancellationToken.None);

        Assert.Equal(Enum.Parse<TokenValidationStatus>(expected), result.Status);
    }

    [Fact]
    public async Task UserinfoAnswerWithoutSub_IsInvalid()
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        server.Userinfo = context => context.Response.WriteAsync("""{"email":"x@example.test"}""");
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o => o.Userinfo.Enabled = true));

        var result = await host.Validator.ValidateAsync("opaque-token-value", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("no sub", result.FailureReason);
    }

    [Fact]
    public async Task UserinfoRequest_SendsTheTokenAsABearerCredential()
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        string? authorization = null;
        server.Userinfo = context =>
        {
            authorization = context.Request.Headers.Authorization;
            return context.Response.WriteAsync("""{"sub":"frank"}""");
        };
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o => o.Userinfo.Enabled = true));

        var result = await host.Validator.ValidateAsync("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.ciphertext.tag", CancellationToken.None);

        Assert.Equal("frank", result.Token!.Subject);
        Assert.Equal("Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.ciphertext.tag", authorization);
        Assert.True(host.Logs.Contains("Token has no kid — validating via userinfo (Encrypted token "));
    }

    private TokenValidationTestHost CreateHost(Action<AuthOptions>? more = null) =>
        TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString, o =>
        {
            o.Userinfo.Enabled = true;
            more?.Invoke(o);
        }));
}
