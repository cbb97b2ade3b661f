using System.Text;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// Opaque access tokens validated by RFC 7662 introspection at a real OpenID provider (oidc-provider), with
/// this server's own client credentials and the endpoint taken from the provider's metadata.
/// </summary>
[Collection(OidcProviderCollectionDefinition.Name)]
public sealed class IntrospectionTokenValidatorTests(OidcProviderFixture provider)
{
    [Fact]
    public async Task ActiveOpaqueTokenForThisServer_IsValid_WithSubjectScopesClientIdAndExpiry()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpOpaqueResource, "mcp:read");
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        var token = result.Token!;
        Assert.Equal(TokenValidationMethod.Introspection, token.Method);
        Assert.Equal(OidcProviderOptions.ServiceClientId, token.Subject);
        Assert.Equal(OidcProviderOptions.ServiceClientId, token.ClientId);
        Assert.Equal(new HashSet<string> { "mcp:read" }, token.Scopes);
        Assert.InRange(token.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddSeconds(issued.ExpiresIn - 60), DateTimeOffset.UtcNow.AddSeconds(issued.ExpiresIn + 60));
        Assert.True(token.Principal.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task UserTokenFromTheAuthorizationCodeFlow_IsValid_ForTheUser()
    {
        var issued = await provider.RunAuthorizationCodeFlowAsync(
            OidcProviderOptions.PublicClientId, OidcProviderOptions.PublicClientRedirectUri, OidcProviderOptions.McpOpaqueResource, "mcp:read mcp:execute", "bob");
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal("bob", result.Token!.Subject);
        Assert.Equal(OidcProviderOptions.PublicClientId, result.Token.ClientId);
        Assert.Equal(new HashSet<string> { "mcp:read", "mcp:execute" }, result.Token.Scopes);
    }

    [Fact]
    public async Task RevokedToken_IsInvalid_AsNotActive()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpOpaqueResource, "mcp:read");
        await provider.RevokeAsync(issued.AccessToken, OidcProviderOptions.ServiceClientId, provider.Options.ServiceClientSecret);
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("not active", result.FailureReason);
    }

    [Fact]
    public async Task UnknownOpaqueToken_IsInvalid_AsNotActive()
    {
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync("never-issued-" + Guid.NewGuid().ToString("N"), CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("not active", result.FailureReason);
    }

    [Fact]
    public async Task ActiveTokenForAnotherResource_IsInvalid()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.ForeignOpaqueResource, "mcp:read");
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains($"audience [{OidcProviderOptions.ForeignOpaqueResource}]", result.FailureReason);
    }

    [Fact]
    public async Task ActiveTokenWithoutAudience_IsInvalid_AndTheLogSaysWhatToConfigure()
    {
        // No resource indicator: the provider issues an opaque token with no aud at all.
        var issued = await provider.GetClientCredentialsTokenAsync(resource: null, "openid");
        await using var host = CreateHost();

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains("no aud", result.FailureReason);
        var warning = Assert.Single(host.Logs.Lines, l => l.EventId.Id == 2122);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("RFC 8707", warning.Message);
        Assert.Contains(OidcProviderOptions.McpJwtResource, warning.Message);
    }

    [Fact]
    public async Task WrongClientSecret_IsUnavailable_NotInvalid_AndLoggedAsAnError()
    {
        var issued = await provider.GetClientCredentialsTokenAsync(OidcProviderOptions.McpOpaqueResource, "mcp:read");
        await using var host = CreateHost(o => o.Introspection.ClientSecret = "wrong");

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
        Assert.Contains("answered 401", result.FailureReason);
        Assert.Contains(host.Logs.Lines, l => l.EventId.Id == 2121 && l.Level == LogLevel.Error && l.Message.Contains("Auth:Introspection:ClientSecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IntrospectionEndpointDown_IsUnavailable()
    {
        await using var host = CreateHost(o => o.Introspection.Endpoint = $"http://127.0.0.1:{ClosedPort.Find()}/token/introspection");

        var result = await host.Validator.ValidateAsync("opaque-token-value", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
        Assert.Contains("failed", result.FailureReason);
    }

    [Fact]
    public async Task IntrospectionRequest_UsesBasicAuthWithFormEncodedCredentials_AndTheAccessTokenHint()
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        string? authorization = null;
        string? body = null;
        server.Introspection = async context =>
        {
            authorization = context.Request.Headers.Authorization;
            body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            await context.Response.WriteAsync($$"""{"active":true,"sub":"carol","aud":["https://elsewhere.example.test","{{OidcProviderOptions.McpJwtResource}}"],"scope":"mcp:read"}""");
        };
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o =>
        {
            o.Introspection.Enabled = true;
            o.Introspection.ClientId = "rs:1";
            o.Introspection.ClientSecret = "p@ss word+/";
        }));

        var result = await host.Validator.ValidateAsync("opaque token+value", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal("carol", result.Token!.Subject);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("rs%3A1:p%40ss%20word%2B%2F")), authorization);
        Assert.Equal("token=opaque+token%2Bvalue&token_type_hint=access_token", body);
    }

    [Theory]
    [InlineData("""{"active":"true","sub":"carol","aud":"https://mcp.example.test/mcp"}""", "not active")]
    [InlineData("""{"sub":"carol","aud":"https://mcp.example.test/mcp"}""", "not active")]
    [InlineData("""{"active":true,"sub":"carol","aud":"https://mcp.example.test/mcp","token_type":"refresh_token"}""", "token_type 'refresh_token'")]
    [InlineData("""{"active":true,"sub":"carol","aud":"https://mcp.example.test/mcp","exp":1000000000}""", "expired")]
    [InlineData("""{"active":true,"aud":"https://mcp.example.test/mcp"}""", "neither sub nor client_id")]
    public async Task IntrospectionAnswer_ThatDoesNotProveAValidTokenForThisServer_IsInvalid(string answer, string reason)
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        server.Introspection = context => context.Response.WriteAsync(answer);
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o =>
        {
            o.Introspection.Enabled = true;
            o.Introspection.ClientId = "rs";
            o.Introspection.ClientSecret = "secret";
        }));

        var result = await host.Validator.ValidateAsync("opaque-token-value", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Invalid, result.Status);
        Assert.Contains(reason, result.FailureReason);
    }

    [Theory]
    [InlineData(StatusCodes.Status500InternalServerError)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    public async Task IntrospectionServerError_IsUnavailable(int status)
    {
        await using var server = await TestAuthorizationServer.StartAsync();
        server.Introspection = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(server.Issuer, o =>
        {
            o.Introspection.Enabled = true;
            o.Introspection.ClientId = "rs";
            o.Introspection.ClientSecret = "secret";
        }));

        var result = await host.Validator.ValidateAsync("opaque-token-value", CancellationToken.None);

        Assert.Equal(TokenValidationStatus.Unavailable, result.Status);
        Assert.Contains($"answered {status}", result.FailureReason);
    }

    private TokenValidationTestHost CreateHost(Action<AuthOptions>? more = null) =>
        TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString, o =>
        {
            o.Introspection.Enabled = true;
            o.Introspection.ClientId = OidcProviderOptions.IntrospectionClientId;
            o.Introspection.ClientSecret = provider.Options.IntrospectionClientSecret;
            more?.Invoke(o);
        }));
}
