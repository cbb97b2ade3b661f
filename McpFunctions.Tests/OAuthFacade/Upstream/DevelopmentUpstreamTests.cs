using System.Net;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.IdentityModel.JsonWebTokens;

namespace McpFunctions.Tests.OAuthFacade.Upstream;

/// <summary>The development upstream: a local "continue as …" page that completes the same flow with no identity provider.</summary>
public sealed class DevelopmentUpstreamTests
{
    [Fact]
    public async Task DevelopmentSignIn_CompletesTheFlow_AsTheNamedUser()
    {
        await using var env = await FacadeEnvironment.StartDevelopmentAsync();
        var client = new OAuthTestClient(env.App);

        var outcome = await client.AuthorizeAndRedeemAsync(await client.RegisterPublicClientAsync(), OAuthTestClient.ClaudeCallback, subject: "dana");

        var jwt = new JsonWebToken(outcome.AccessToken);
        Assert.Equal("dev|dana", jwt.Subject);
        Assert.Equal("dana", jwt.GetPayloadValue<string>("name"));
        Assert.Equal(200, await client.McpToolsListStatusAsync(outcome.AccessToken));
        Assert.Contains("DEVELOPMENT sign-in page", env.App.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentSignInPage_SaysWhatItIs_AndCannotBeFramed()
    {
        await using var env = await FacadeEnvironment.StartDevelopmentAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await env.App.Client.GetAsync($"/dev/sign-in?state=s&nonce=n&code_challenge={challenge}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("whoever reaches this page can continue as anyone", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentCode_Forged_IsRefused_WithServerErrorToTheClient()
    {
        await using var env = await FacadeEnvironment.StartDevelopmentAsync();
        var client = new OAuthTestClient(env.App);
        var clientId = await client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var (page, _, ticket) = await browser.OpenConsentAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "s-forged"));
        page.Dispose();
        using var approved = await browser.PostFormAsync(new Uri(env.App.BaseAddress, "/authorize/consent"), new Dictionary<string, string> { ["ticket"] = ticket!, ["decision"] = "approve" });
        var state = OAuthTestClient.Query(approved.Headers.Location!)["state"];

        using var callback = await browser.GetAsync(new Uri(env.App.BaseAddress, $"/callback?code=forged&state={Uri.EscapeDataString(state)}"));

        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        var query = OAuthTestClient.Query(callback.Headers.Location!);
        Assert.Equal("server_error", query["error"]);
        Assert.Equal("s-forged", query["state"]);
    }
}
