using System.Security.Claims;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>JWT access tokens issued by a real OpenID provider (oidc-provider) for this server, validated via its JWKS.</summary>
[Collection(OidcProviderCollectionDefinition.Name)]
public sealed class JwtTokenValidatorTests(OidcProviderFixture provider)
{
    [Fact]
    public async Task ClientCredentialsJwt_IsValid_WithSubjectScopesClientIdAndExpiry()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpJwtResource, OidcProviderOptions.McpScopes);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        var token = result.Token!;
        Assert.Equal(TokenValidationMethod.Jwks, token.Method);
        Assert.Equal(OidcProviderOptions.ServiceClientId, token.Subject);
        Assert.Equal(OidcProviderOptions.ServiceClientId, token.ClientId);
        Assert.Equal(new HashSet<string> { "mcp:read", "mcp:execute" }, token.Scopes);
        Assert.NotNull(token.ExpiresAt);
        Assert.InRange(token.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddSeconds(issued.ExpiresIn - 60), DateTimeOffset.UtcNow.AddSeconds(issued.ExpiresIn + 60));
        Assert.True(token.Principal.Identity?.IsAuthenticated);
        Assert.Equal(OidcProviderOptions.ServiceClientId, token.Principal.Identity?.Name);
        Assert.Equal(OidcProviderOptions.McpJwtResource, token.Principal.FindFirstValue("aud"));
    }

    [Fact]
    public async Task AuthorizationCodeJwt_WithPkceAndResource_IsValid_ForTheSignedInUser()
    {
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, OidcProviderOptions.McpJwtResource, "mcp:read", "alice");
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal("alice", result.Token!.Subject);
        Assert.Equal(OidcProviderOptions.PublicClientId, result.Token.ClientId);
        Assert.Equal(new HashSet<string> { "mcp:read" }, result.Token.Scopes);
    }

    [Fact]
    public async Task Jwt_ForAnotherResource_IsInvalid_AndTheReasonNamesBothAudiences()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.ForeignJwtResource, OidcProviderOptions.McpScopes);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains(OidcProviderOptions.ForeignJwtResource, result.FailureReason);
        Assert.Contains(OidcProviderOptions.McpJwtResource, result.FailureReason);
    }

    [Fact]
    public async Task Jwt_ForAnotherResource_IsValid_WhenListedInAuthAudiences()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.ForeignJwtResource, OidcProviderOptions.McpScopes);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(
            provider.IssuerString, o => o.Audiences.Add(OidcProviderOptions.ForeignJwtResource)));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
    }

    [Fact]
    public async Task Jwt_IsUnavailable_NotInvalid_WhenTheAuthorityCannotBeReached()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpJwtResource, OidcProviderOptions.McpScopes);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp("http://127.0.0.1:" + ClosedPort.Find()));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
        Assert.Contains("could not be loaded", result.FailureReason);
    }

    [Fact]
    public async Task Validation_TellsTheSeedsStory_AndNeverLogsTheToken()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpJwtResource, OidcProviderOptions.McpScopes);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString));

        await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        var hashPrefix = TokenHash.Prefix(TokenHash.Compute(issued.AccessToken));
        Assert.Contains(host.Logs.Lines, l => l.EventId.Id == 2100 && l.Message == $"Validating token {hashPrefix}");
        var validated = Assert.Single(host.Logs.Lines, l => l.EventId.Id == 2103);
        Assert.Equal(LogLevel.Information, validated.Level);
        Assert.Matches(@"^Token validated for subject validator-tests via JWKS, scopes \[mcp:execute, mcp:read\] in \d+ ms$", validated.Message);
        foreach (var segment in issued.AccessToken.Split('.'))
        {
            Assert.DoesNotContain(segment, host.Logs.AllText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MetadataAndKeys_AreReadOnTheFirstToken_NotAtStartUp()
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        using var key = new TestSigningKey("k1");
        server.Publish(key);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer));

        _ = host.Validator;
        Assert.Equal(0, server.Count(TestAuthorizationServer.DiscoveryPath));

        await host.Validator.ValidateAsync(key.Sign(new Dictionary<string, object?> { ["sub"] = "alice" }), CancellationToken.None);
        Assert.Equal(1, server.Count(TestAuthorizationServer.DiscoveryPath));
        Assert.Equal(1, server.Count(TestAuthorizationServer.JwksPath));
    }
}
