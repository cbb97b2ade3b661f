using System.Net;
using System.Text.Json;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>RFC 8414 metadata: what Claude.ai and the SDK clients read before they register or authorize.</summary>
public sealed class AuthorizationServerMetadataEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeTestApp App => fixture.Environment.App;

    [Theory]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Metadata_PublishesTheFacadeAsIssuer_WithEveryEndpointAndCapabilityClientsActOn(string path)
    {
        using var response = await App.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var issuer = App.Issuer;
        Assert.Equal(issuer, root.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "/register", root.GetProperty("registration_endpoint").GetString());
        Assert.Equal(issuer + "/revoke", root.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(issuer + "/.well-known/jwks.json", root.GetProperty("jwks_uri").GetString());
        Assert.Equal("""["code"]""", root.GetProperty("response_types_supported").GetRawText());
        Assert.Equal("""["authorization_code","refresh_token"]""", root.GetProperty("grant_types_supported").GetRawText());
        Assert.Equal("""["S256"]""", root.GetProperty("code_challenge_methods_supported").GetRawText());
        Assert.Equal("""["none","client_secret_basic","client_secret_post"]""", root.GetProperty("token_endpoint_auth_methods_supported").GetRawText());
        Assert.Equal("""["none","client_secret_basic","client_secret_post"]""", root.GetProperty("revocation_endpoint_auth_methods_supported").GetRawText());
        Assert.True(root.GetProperty("client_id_metadata_document_supported").GetBoolean());
        Assert.True(root.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Equal("""["mcp:read","mcp:execute"]""", root.GetProperty("scopes_supported").GetRawText());
    }

    [Fact]
    public async Task Metadata_IsReadableFromAnyOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/oauth-authorization-server");
        request.Headers.Add("Origin", "https://inspector.example");

        using var response = await App.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task ProtectedResourceMetadata_PointsAtTheFacade()
    {
        using var response = await App.Client.GetAsync("/.well-known/oauth-protected-resource/mcp");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"[\"{App.Issuer}\"]", json.RootElement.GetProperty("authorization_servers").GetRawText());
        Assert.Equal(App.Issuer + "/mcp", json.RootElement.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Jwks_PublishesTheKeyThatSignsAccessTokens()
    {
        var client = new OAuthTestClient(App);
        var outcome = await client.AuthorizeAndRedeemAsync(await client.RegisterPublicClientAsync(), OAuthTestClient.ClaudeCallback);
        var kid = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(outcome.AccessToken).Kid;

        using var response = await App.Client.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var keys = json.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Contains(keys, k => k.GetProperty("kid").GetString() == kid);
        Assert.All(keys, k => Assert.False(k.TryGetProperty("d", out _), "a private key part was published"));
    }
}
