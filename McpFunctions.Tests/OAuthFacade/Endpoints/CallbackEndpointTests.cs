using System.Net;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary><c>/callback</c>: the upstream's answer becomes the façade's own code with the client's state and iss; state works once.</summary>
public sealed class CallbackEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeEnvironment Env => fixture.Environment;

    private OAuthTestClient Client => new(Env.App);

    [Fact]
    public async Task Callback_RedirectsToTheClient_WithTheFacadesCode_TheClientsState_AndIss()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();

        var final = await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "client-state-42"), OAuthTestClient.ClaudeCallback);

        var query = OAuthTestClient.Query(final);
        Assert.Equal("client-state-42", query["state"]);
        Assert.Equal(Env.Issuer, query["iss"]);
        Assert.True(query["code"].Length >= 43);
        Assert.NotEqual(OAuthTestClient.Query(browser.UpstreamCallback!)["code"], query["code"]);
    }

    [Fact]
    public async Task Callback_ReplayedUpstreamState_ShowsAnErrorPage_AndIssuesNothing()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback);

        using var replay = await browser.GetAsync(browser.UpstreamCallback!);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Null(replay.Headers.Location);
        Assert.Contains("already been used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_UnknownState_ShowsAnErrorPage()
    {
        using var response = await Env.App.Client.GetAsync("/callback?code=abc&state=never-issued");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Callback_UpstreamDenied_GoesBackToTheClientAsAccessDenied()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();

        var final = await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "s-up"), OAuthTestClient.ClaudeCallback, denyUpstreamConsent: true);

        var query = OAuthTestClient.Query(final);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("s-up", query["state"]);
        Assert.Equal(Env.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }
}
