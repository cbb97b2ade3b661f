using System.Net;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// <c>/authorize</c>: a bad client or redirect URI gets a page and never a redirect (RFC 6749 §4.1.2.1); later
/// errors go back to the client with its state and the issuer (RFC 9207); nothing goes upstream before consent
/// (MCP security best practices, "Confused Deputy").
/// </summary>
public sealed class AuthorizeEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeEnvironment Env => fixture.Environment;

    private OAuthTestClient Client => new(Env.App);

    [Fact]
    public async Task Authorize_UnknownClient_ShowsAnErrorPage_AndNeverRedirects()
    {
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl("no-such-client", OAuthTestClient.ClaudeCallback, challenge));

        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData("https://evil.example/api/mcp/auth_callback")]
    [InlineData("https://claude.ai/api/mcp/auth_callback/")]
    [InlineData("https://claude.ai/api/mcp/auth_callback?x=1")]
    [InlineData("https://claude.com/api/mcp/auth_callback")]
    public async Task Authorize_UnregisteredOrAlteredRedirectUri_ShowsAnErrorPage_AndNeverRedirects(string redirectUri)
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(clientId, redirectUri, challenge));

        await AssertErrorPageAsync(response);
    }

    [Fact]
    public async Task Authorize_LoopbackRedirectOnAnotherPort_IsTheSameRedirectUri()
    {
        var clientId = await Client.RegisterPublicClientAsync("http://127.0.0.1:33333/callback");
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(clientId, "http://127.0.0.1:44444/callback", challenge));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-form=\"consent\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_LoopbackRedirectWithAnotherPath_IsRefusedWithAPage()
    {
        var clientId = await Client.RegisterPublicClientAsync("http://127.0.0.1:33333/callback");
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(clientId, "http://127.0.0.1:33333/other", challenge));

        await AssertErrorPageAsync(response);
    }

    public static TheoryData<string, string?, string?, string> ClientErrors => new()
    {
        // parameter to change, its new value (null = drop it), expected error
        { "code_challenge", null, null, "invalid_request" },
        { "code_challenge_method", "plain", null, "invalid_request" },
        { "code_challenge_method", null, null, "invalid_request" },
        { "response_type", "token", null, "unsupported_response_type" },
        { "resource", "https://other.example/mcp", null, "invalid_target" },
        { "scope", "mcp:read\u0001", null, "invalid_scope" },
    };

    [Theory]
    [MemberData(nameof(ClientErrors))]
    public async Task Authorize_AfterTheRedirectUriIsTrusted_ErrorsGoBackToTheClient_WithStateAndIss(string parameter, string? value, string? unused, string expectedError)
    {
        _ = unused;
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = OAuthTestClient.ClaudeCallback,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "st-123",
            ["scope"] = "mcp:read",
            ["resource"] = Env.McpUrl,
        };
        parameters[parameter] = value;
        var upstreamBefore = await Env.Upstream!.RequestCountAsync("/auth");

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(parameters));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(OAuthTestClient.ClaudeCallback + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = OAuthTestClient.Query(location);
        Assert.Equal(expectedError, query["error"]);
        Assert.Equal("st-123", query["state"]);
        Assert.Equal(Env.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
        Assert.Equal(upstreamBefore, await Env.Upstream.RequestCountAsync("/auth"));
    }

    [Fact]
    public async Task Authorize_ShowsTheConsentPage_BeforeAnythingGoesUpstream()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        var upstreamBefore = await Env.Upstream!.RequestCountAsync("/auth");
        using var browser = new FacadeBrowser();

        var (response, html, ticket) = await browser.OpenConsentAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, scope: "claudeai"));

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(ticket);
            // Names the client, the host the browser returns to, and the scopes granted ("claudeai" is not one: all server scopes).
            Assert.Contains("claudeai", html, StringComparison.Ordinal);
            Assert.Contains("<strong>claude.ai</strong>", html, StringComparison.Ordinal);
            Assert.Contains("<code>mcp:read</code>", html, StringComparison.Ordinal);
            Assert.Contains("<code>mcp:execute</code>", html, StringComparison.Ordinal);
            Assert.Contains("not verified", html, StringComparison.Ordinal);
            // Anti-framing, no caching, no referrer.
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            // The anti-forgery cookie: HttpOnly, SameSite; over loopback http without the __Host- prefix (it needs Secure).
            var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mcp-af=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(upstreamBefore, await Env.Upstream.RequestCountAsync("/auth"));
    }

    [Fact]
    public async Task Authorize_UpstreamRequest_CarriesTheFacadesOwnParameters_NeverTheClientsResource()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();

        await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "client-state-1"), OAuthTestClient.ClaudeCallback);

        var upstreamAuthorize = browser.Steps.First(s => s.Url.Authority == Env.Upstream!.Issuer.Authority && s.Url.AbsolutePath == "/auth").Url;
        var query = OAuthTestClient.Query(upstreamAuthorize);
        Assert.Equal(FacadeEnvironment.UpstreamClientId, query["client_id"]);
        Assert.Equal(Env.Issuer + "/callback", query["redirect_uri"]);
        Assert.Equal("openid profile email", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.NotEqual(challenge, query["code_challenge"]);
        Assert.NotEqual("client-state-1", query["state"]);
        Assert.True(query["state"].Length >= 43);
        Assert.True(query["nonce"].Length >= 43);
        Assert.False(query.ContainsKey("resource"));
    }

    private static async Task AssertErrorPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("Sign-in to McpFunctions cannot continue", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
