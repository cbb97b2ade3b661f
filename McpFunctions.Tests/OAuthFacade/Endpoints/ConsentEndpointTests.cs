using System.Net;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>The consent answer: CSRF-bound to the browser that saw the page, deny goes back as access_denied, consent remembered per client.</summary>
public sealed class ConsentEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeEnvironment Env => fixture.Environment;

    private OAuthTestClient Client => new(Env.App);

    private Uri ConsentUrl => new(Env.App.BaseAddress, "/authorize/consent");

    [Fact]
    public async Task Consent_Deny_RedirectsToTheClientWithAccessDenied_AndNothingGoesUpstream()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        var upstreamBefore = await Env.Upstream!.RequestCountAsync("/auth");
        using var browser = new FacadeBrowser();

        var final = await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "s-deny"), OAuthTestClient.ClaudeCallback, decision: "deny");

        var query = OAuthTestClient.Query(final);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("s-deny", query["state"]);
        Assert.Equal(Env.Issuer, query["iss"]);
        Assert.Equal(upstreamBefore, await Env.Upstream.RequestCountAsync("/auth"));
    }

    [Fact]
    public async Task Consent_PostedFromAnotherBrowser_IsRefusedWithAPage()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var victim = new FacadeBrowser();
        var (page, _, ticket) = await victim.OpenConsentAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        page.Dispose();
        using var attacker = new FacadeBrowser();

        using var response = await attacker.PostFormAsync(ConsentUrl, new Dictionary<string, string> { ["ticket"] = ticket!, ["decision"] = "approve" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Consent_CrossOriginPost_IsRefusedWithAPage()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var (page, _, ticket) = await browser.OpenConsentAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        page.Dispose();

        using var response = await browser.PostFormAsync(ConsentUrl, new Dictionary<string, string> { ["ticket"] = ticket!, ["decision"] = "approve" }, origin: "https://evil.example");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Consent_AlteredTicket_IsRefusedWithAPage()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var (page, _, ticket) = await browser.OpenConsentAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        page.Dispose();
        var altered = ticket![..^4] + (ticket[^4] == 'A' ? "B" : "A") + ticket[^3..];

        using var response = await browser.PostFormAsync(ConsentUrl, new Dictionary<string, string> { ["ticket"] = altered, ["decision"] = "approve" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Consent_Approve_GoesUpstreamWith303()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var (page, _, ticket) = await browser.OpenConsentAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        page.Dispose();

        using var response = await browser.PostFormAsync(ConsentUrl, new Dictionary<string, string> { ["ticket"] = ticket!, ["decision"] = "approve" }, origin: "null");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(Env.Upstream!.Issuer.Authority, response.Headers.Location!.Authority);
        Assert.Equal("/auth", response.Headers.Location.AbsolutePath);
    }

    [Fact]
    public async Task Consent_Remembered_SkipsThePageForTheSameClientRedirectAndScopes_Only()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var otherClientId = await Client.RegisterPublicClientAsync();
        using var browser = new FacadeBrowser();
        var (_, challenge) = OAuthTestClient.NewPkce();
        await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback, remember: true);

        using var again = await browser.GetAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        using var otherClient = await browser.GetAsync(Client.AuthorizeUrl(otherClientId, OAuthTestClient.ClaudeCallback, challenge));
        using var fewerScopes = await browser.GetAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, scope: "mcp:read"));

        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.Equal(Env.Upstream!.Issuer.Authority, again.Headers.Location!.Authority);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        Assert.Contains("data-form=\"consent\"", await otherClient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fewerScopes.StatusCode);
    }

    [Fact]
    public async Task Consent_NotRemembered_AsksAgain()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        using var browser = new FacadeBrowser();
        var (_, challenge) = OAuthTestClient.NewPkce();
        await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback, remember: false);

        using var again = await browser.GetAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
