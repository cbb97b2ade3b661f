using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.IdentityModel.JsonWebTokens;

namespace McpFunctions.Tests.OAuthFacade.Upstream;

/// <summary>
/// The OIDC upstream against oidc-provider: the ID token's claims reach the access token, userinfo is called once
/// when asked, and upstream failures come back to the client as OAuth errors — never a 500.
/// </summary>
public sealed class OidcUpstreamIdentityProviderTests
{
    [Fact]
    public async Task SignIn_TakesSubjectAndProfileFromTheIdToken_AndUserinfoOnceWhenConfigured()
    {
        await using var env = await FacadeEnvironment.StartOidcAsync(new Dictionary<string, string?> { ["Facade:Upstream:CallUserinfo"] = "true" });
        var client = new OAuthTestClient(env.App);
        var userinfoBefore = await env.Upstream!.RequestCountAsync("/me");

        var outcome = await client.AuthorizeAndRedeemAsync(await client.RegisterPublicClientAsync(), OAuthTestClient.ClaudeCallback, subject: "bob");

        var jwt = new JsonWebToken(outcome.AccessToken);
        Assert.Equal("bob", jwt.Subject);
        Assert.Equal("bob", jwt.GetPayloadValue<string>("name"));
        Assert.Equal("bob@example.test", jwt.GetPayloadValue<string>("email"));
        Assert.Equal(userinfoBefore + 1, await env.Upstream.RequestCountAsync("/me"));
        Assert.Contains("Upstream sign-in completed for subject bob", env.App.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithClientSecretPost_WhenConfigured()
    {
        // The form-post path, with the upstream client registered for it (Auth0's default for regular web applications).
        await using var env = await FacadeEnvironment.StartOidcAsync(
            new Dictionary<string, string?> { ["Facade:Upstream:ClientAuthenticationMethod"] = "client_secret_post" },
            upstreamAuthMethod: "client_secret_post");
        var client = new OAuthTestClient(env.App);

        var outcome = await client.AuthorizeAndRedeemAsync(await client.RegisterPublicClientAsync(), OAuthTestClient.ClaudeCallback, subject: "post-user");

        Assert.Equal("post-user", new JsonWebToken(outcome.AccessToken).Subject);
    }

    [Fact]
    public async Task SignIn_WithAWrongUpstreamSecret_ReturnsServerErrorToTheClient_NotA500()
    {
        await using var env = await FacadeEnvironment.StartOidcAsync(new Dictionary<string, string?> { ["Facade:Upstream:ClientSecret"] = "not-the-secret" });
        var client = new OAuthTestClient(env.App);
        var clientId = await client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();

        var final = await browser.RunAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "s-err"), OAuthTestClient.ClaudeCallback);

        var query = OAuthTestClient.Query(final);
        Assert.Equal("server_error", query["error"]);
        Assert.Equal("s-err", query["state"]);
        Assert.Equal(env.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
        Assert.Contains("token endpoint answered 401 invalid_client", env.App.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_WithTheUpstreamUnreachable_ReturnsTemporarilyUnavailableToTheClient()
    {
        var closedPort = FacadeTestApp.FreePort();
        await using var unreachable = await FacadeEnvironment.StartOidcAsync(new Dictionary<string, string?>
        {
            ["Facade:Upstream:Authority"] = $"http://127.0.0.1:{closedPort}",
        });
        var client = new OAuthTestClient(unreachable.App);
        var clientId = await client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();

        var final = await browser.RunAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, state: "s-down"), OAuthTestClient.ClaudeCallback);

        var query = OAuthTestClient.Query(final);
        Assert.Equal("temporarily_unavailable", query["error"]);
        Assert.Equal("s-down", query["state"]);
    }
}
