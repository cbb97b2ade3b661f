using System.Net;
using System.Text;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>RFC 7591 dynamic client registration, starting with the second seed's Claude.ai body.</summary>
public sealed class RegistrationEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeTestApp App => fixture.Environment.App;

    private OAuthTestClient Client => new(App);

    [Fact]
    public async Task Register_AcceptsClaudesBodyExactly_AndEchoesTheMetadata()
    {
        var (status, body, response) = await Client.RegisterAsync("""
            {
              "client_name": "claudeai",
              "grant_types": ["authorization_code", "refresh_token"],
              "response_types": ["code"],
              "token_endpoint_auth_method": "none",
              "scope": "claudeai",
              "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"]
            }
            """);

        Assert.Equal(201, status);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var clientId = body.GetProperty("client_id").GetString();
        Assert.False(string.IsNullOrEmpty(clientId));
        Assert.InRange(body.GetProperty("client_id_issued_at").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal("claudeai", body.GetProperty("client_name").GetString());
        Assert.Equal("""["authorization_code","refresh_token"]""", body.GetProperty("grant_types").GetRawText());
        Assert.Equal("""["code"]""", body.GetProperty("response_types").GetRawText());
        Assert.Equal("none", body.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal("claudeai", body.GetProperty("scope").GetString());
        Assert.Equal("""["https://claude.ai/api/mcp/auth_callback"]""", body.GetProperty("redirect_uris").GetRawText());
        Assert.False(body.TryGetProperty("client_secret", out _));

        var stored = await App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(clientId!, default);
        Assert.Equal(ClientRegistrationKind.Dynamic, stored!.Kind);
    }

    [Fact]
    public async Task Register_GivesEachRegistrationItsOwnRandomClientId()
    {
        var first = await Client.RegisterPublicClientAsync();
        var second = await Client.RegisterPublicClientAsync();

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 22);
    }

    [Theory]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    public async Task Register_ConfidentialClient_GetsASecretThatIsStoredOnlyAsItsHash(string method)
    {
        var (status, body, _) = await Client.RegisterAsync($$"""
            {"client_name":"server app","token_endpoint_auth_method":"{{method}}","redirect_uris":["https://claude.com/api/mcp/auth_callback"]}
            """);

        Assert.Equal(201, status);
        var secret = body.GetProperty("client_secret").GetString()!;
        Assert.Equal(0, body.GetProperty("client_secret_expires_at").GetInt64());
        var stored = await App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(body.GetProperty("client_id").GetString()!, default);
        Assert.NotNull(stored!.ClientSecretHash);
        Assert.NotEqual(secret, stored.ClientSecretHash);
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_NativeClient_WithLoopbackRedirectOnAnyPort_IsAccepted()
    {
        var (status, body, _) = await Client.RegisterAsync("""
            {"client_name":"Claude Code","application_type":"native","token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],"scope":"mcp:tools","redirect_uris":["http://127.0.0.1:64236/callback","http://localhost:54212/callback"]}
            """);

        Assert.Equal(201, status);
        Assert.Equal("native", body.GetProperty("application_type").GetString());
        Assert.Equal("mcp:tools", body.GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData("data:text/html,<script>alert(1)</script>", "data")]
    [InlineData("http://claude.ai/api/mcp/auth_callback", "loopback")]
    [InlineData("http://evil.example/callback", "loopback")]
    [InlineData("https://claude.ai/api/mcp/auth_callback#fragment", "fragment")]
    [InlineData("https://evil.example/api/mcp/auth_callback", "not allowed")]
    [InlineData("/relative/callback", "absolute")]
    [InlineData("https://chatgpt.com/connector/oauth/../../evil", "dot segments")]
    public async Task Register_RefusesUnsafeOrUnlistedRedirectUris_WithInvalidRedirectUri(string redirectUri, string reason)
    {
        var (status, body, response) = await Client.RegisterAsync($$"""
            {"client_name":"x","token_endpoint_auth_method":"none","redirect_uris":[{{System.Text.Json.JsonSerializer.Serialize(redirectUri)}}]}
            """);

        Assert.Equal(400, status);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("invalid_redirect_uri", body.GetProperty("error").GetString());
        Assert.Contains(reason, body.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(body.TryGetProperty("client_id", out _));
    }

    [Theory]
    [InlineData("""{"redirect_uris":"https://claude.ai/api/mcp/auth_callback"}""")]
    [InlineData("""{"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"grant_types":["password"]}""")]
    [InlineData("""{"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"grant_types":["refresh_token"]}""")]
    [InlineData("""{"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"response_types":["token"]}""")]
    [InlineData("""{"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"token_endpoint_auth_method":"private_key_jwt"}""")]
    [InlineData("""{"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"application_type":"desktop"}""")]
    [InlineData("""["https://claude.ai/api/mcp/auth_callback"]""")]
    [InlineData("""{"redirect_uris":[""")]
    public async Task Register_RefusesMetadataItCannotHonour_WithInvalidClientMetadata(string json)
    {
        var (status, body, _) = await Client.RegisterAsync(json);

        Assert.Equal(400, status);
        Assert.Equal("invalid_client_metadata", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Register_WithoutRedirectUris_IsInvalidRedirectUri()
    {
        var (status, body, _) = await Client.RegisterAsync("""{"client_name":"no redirect"}""");

        Assert.Equal(400, status);
        Assert.Equal("invalid_redirect_uri", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Register_RefusesANonJsonBody()
    {
        using var response = await App.Client.PostAsync("/register", new StringContent("client_name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_client_metadata", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_RefusesAnOversizedBody_With413()
    {
        var padding = new string('a', 20_000);
        var (status, body, _) = await Client.RegisterAsync($$"""{"client_name":"{{padding}}","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}""");

        Assert.Equal(413, status);
        Assert.Equal("invalid_client_metadata", body.GetProperty("error").GetString());
    }
}
