using System.Net;
using McpFunctions.ResourceServer;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// The test OpenID provider behaves as the first seed's Auth0 must for Claude: DCR open (or closed, like
/// Entra), PKCE S256 required, resource-bound tokens only for known resources. Checked at its endpoints.
/// </summary>
[Collection(OidcProviderCollectionDefinition.Name)]
public sealed class OidcProviderFlowTests(OidcProviderFixture provider)
{
    private const string ClaudeRedirectUri = "https://claude.ai/api/mcp/auth_callback";

    [Fact]
    public async Task DynamicallyRegisteredPublicClient_GetsAJwtForThisServer_ThatValidatesViaJwks()
    {
        // Seed Phase 2: Claude registers itself (token_endpoint_auth_method none), then runs the code flow.
        var client = await provider.RegisterClientAsync([ClaudeRedirectUri], clientName: "Claude");
        var issued = await provider.RunAuthorizationCodeFlowAsync(client.ClientId, ClaudeRedirectUri, OidcProviderOptions.McpJwtResource, OidcProviderOptions.McpScopes, "auth0|seed-user");
        await using var host = TokenValidationTestHost.Create(TokenValidationTestHost.ExternalIdp(provider.IssuerString));

        var result = await host.Validator.ValidateAsync(issued.AccessToken, CancellationToken.None);

        Assert.Equal("none", client.TokenEndpointAuthMethod);
        Assert.Null(client.ClientSecret);
        Assert.Equal("Bearer", issued.TokenType);
        Assert.Equal(TokenValidationStatus.Valid, result.Status);
        Assert.Equal("auth0|seed-user", result.Token!.Subject);
        Assert.Equal(client.ClientId, result.Token.ClientId);
    }

    [Fact]
    public async Task AuthorizationRequestWithoutPkce_IsRefused()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var url = provider.Url("/auth") + "?client_id=" + OidcProviderOptions.PublicClientId
            + "&redirect_uri=" + Uri.EscapeDataString(OidcProviderOptions.PublicClientRedirectUri)
            + "&response_type=code&scope=openid&state=s1";

        using var response = await http.GetAsync(new Uri(url));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(OidcProviderOptions.PublicClientRedirectUri, location, StringComparison.Ordinal);
        Assert.Contains("error=invalid_request", location, StringComparison.Ordinal);
        Assert.Contains("PKCE", Uri.UnescapeDataString(location.Replace('+', ' ')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenForAnUnknownResource_IsRefused_WithInvalidTarget()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => provider.GetClientCredentialsTokenAsync("https://unknown.example.test/mcp", "mcp:read"));

        Assert.Contains("invalid_target", error.Message);
    }

    [Fact]
    public async Task ProviderWithRegistrationOff_LikeEntra_HasNoRegistrationEndpoint()
    {
        await using var entraLike = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            Registration = false,
            Resources = [new OidcProviderResource(OidcProviderOptions.McpJwtResource, "jwt")],
        });
        using var http = new HttpClient();

        var discovery = await http.GetStringAsync(entraLike.Url("/.well-known/openid-configuration"));
        var registration = await Assert.ThrowsAsync<InvalidOperationException>(() => entraLike.RegisterClientAsync([ClaudeRedirectUri]));

        Assert.DoesNotContain("registration_endpoint", discovery, StringComparison.Ordinal);
        Assert.Contains("answered 404", registration.Message);
    }
}
