using System.Net;
using System.Text;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.IdentityModel.JsonWebTokens;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// <c>/token</c>: the second seed's response shape, codes single-use and bound to client, redirect URI and PKCE
/// verifier, refresh tokens rotated and bound to their client, scope only narrowed, RFC 6749 §5.2 errors.
/// </summary>
public sealed class TokenEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeEnvironment Env => fixture.Environment;

    private OAuthTestClient Client => new(Env.App);

    [Fact]
    public async Task Token_AnswersExactlyAsTheSecondSeedRequires()
    {
        var clientId = await Client.RegisterPublicClientAsync();

        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback, subject: "seed-user");

        var body = outcome.TokenResponse;
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body.GetProperty("expires_in").ValueKind);
        Assert.InRange(body.GetProperty("expires_in").GetInt64(), 3590, 3600);
        Assert.Equal("mcp:read mcp:execute", body.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
        var jwt = new JsonWebToken(outcome.AccessToken);
        Assert.Equal(Env.Issuer, jwt.Issuer);
        Assert.Equal([Env.McpUrl], jwt.Audiences);
        Assert.Equal("seed-user", jwt.Subject);
        Assert.Equal(clientId, jwt.GetPayloadValue<string>("client_id"));
        Assert.Equal("mcp:read mcp:execute", jwt.GetPayloadValue<string>("scope"));
        Assert.Equal(200, await Client.McpToolsListStatusAsync(outcome.AccessToken));
    }

    [Fact]
    public async Task Token_ResponseHeaders_ForbidCaching()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var final = await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback);

        var (status, _, response) = await Client.RedeemAsync(clientId, OAuthTestClient.Query(final)["code"], OAuthTestClient.ClaudeCallback, verifier);

        Assert.Equal(200, status);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_WrongVerifier_IsInvalidGrant_AndTheCodeStaysUnredeemed()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];
        var (wrongVerifier, _) = OAuthTestClient.NewPkce();

        var (status, body, response) = await Client.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, wrongVerifier);
        var (statusWithRight, _, _) = await Client.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, verifier);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(200, statusWithRight);
    }

    [Fact]
    public async Task Token_MissingVerifier_IsInvalidGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        var (status, body, _) = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = OAuthTestClient.ClaudeCallback,
        });

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_ReplayedCode_IsInvalidGrant_AndRevokesTheGrantTheFirstRedemptionProduced()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        var (status, body, _) = await Client.RedeemAsync(clientId, outcome.Code, OAuthTestClient.ClaudeCallback, outcome.Verifier);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(401, await Client.McpToolsListStatusAsync(outcome.AccessToken));
        var (refreshStatus, refreshBody, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        Assert.Equal(400, refreshStatus);
        Assert.Equal("invalid_grant", refreshBody.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_CodeOfAnotherClient_IsInvalidGrant()
    {
        var owner = await Client.RegisterPublicClientAsync();
        var thief = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(owner, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        var (status, body, _) = await Client.RedeemAsync(thief, code, OAuthTestClient.ClaudeCallback, verifier);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_RedirectUriDifferentFromTheAuthorizationRequest_IsInvalidGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync("http://127.0.0.1:5111/cb");
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, "http://127.0.0.1:5222/cb", challenge), "http://127.0.0.1:5222/cb"))["code"];

        var (status, body, _) = await Client.RedeemAsync(clientId, code, "http://127.0.0.1:5111/cb", verifier);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_ForeignResource_IsInvalidTarget()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        var (status, body, _) = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = OAuthTestClient.ClaudeCallback,
            ["code_verifier"] = verifier, ["resource"] = "https://other.example/mcp",
        });

        Assert.Equal(400, status);
        Assert.Equal("invalid_target", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_AskingForMoreScopeThanTheCodeCarries_IsInvalidScope()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, scope: "mcp:read"), OAuthTestClient.ClaudeCallback))["code"];

        var (status, body, _) = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = OAuthTestClient.ClaudeCallback,
            ["code_verifier"] = verifier, ["scope"] = "mcp:read mcp:execute",
        });

        Assert.Equal(400, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndTheNewTokensWork()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        var (status, body, response) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(200, status);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var newRefresh = body.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(outcome.RefreshToken, newRefresh);
        Assert.NotEqual(outcome.AccessToken, body.GetProperty("access_token").GetString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(200, await Client.McpToolsListStatusAsync(body.GetProperty("access_token").GetString()!));
        var (nextStatus, _, _) = await Client.RefreshAsync(clientId, newRefresh);
        Assert.Equal(200, nextStatus);
    }

    [Fact]
    public async Task Refresh_TwoAtOnceWithTheSameToken_BothSucceed_WithTheSameNewPair()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        var results = await Task.WhenAll(Client.RefreshAsync(clientId, outcome.RefreshToken), Client.RefreshAsync(clientId, outcome.RefreshToken));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Equal(results[0].Body.GetProperty("refresh_token").GetString(), results[1].Body.GetProperty("refresh_token").GetString());
        Assert.Equal(results[0].Body.GetProperty("access_token").GetString(), results[1].Body.GetProperty("access_token").GetString());
        Assert.NotEqual(outcome.RefreshToken, results[0].Body.GetProperty("refresh_token").GetString());
    }

    [Fact]
    public async Task Refresh_WithAnotherClientsRefreshToken_IsInvalidGrant_AndLeavesTheGrantAlone()
    {
        var owner = await Client.RegisterPublicClientAsync();
        var thief = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(owner, OAuthTestClient.ClaudeCallback);

        var (status, body, _) = await Client.RefreshAsync(thief, outcome.RefreshToken);
        var (ownerStatus, _, _) = await Client.RefreshAsync(owner, outcome.RefreshToken);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(200, ownerStatus);
    }

    [Fact]
    public async Task Refresh_AskingForMoreScopeThanGranted_IsInvalidScope()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge, scope: "mcp:read"), OAuthTestClient.ClaudeCallback))["code"];
        var (_, tokens, _) = await Client.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, verifier);
        Assert.Equal("mcp:read", tokens.GetProperty("scope").GetString());

        var (status, body, _) = await Client.RefreshAsync(clientId, tokens.GetProperty("refresh_token").GetString()!, scope: "mcp:read mcp:execute");

        Assert.Equal(400, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_WithANarrowerScope_NarrowsTheAccessToken()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        var (status, body, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken, scope: "mcp:read");

        Assert.Equal(200, status);
        Assert.Equal("mcp:read", body.GetProperty("scope").GetString());
        Assert.Equal("mcp:read", new JsonWebToken(body.GetProperty("access_token").GetString()).GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task Refresh_ClientThatDidNotRegisterTheGrant_IsUnauthorizedClient_AndGetsNoRefreshToken()
    {
        var clientId = await Client.RegisterPublicClientAsync(grantTypes: """["authorization_code"]""");
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        var (status, tokens, _) = await Client.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, verifier);
        var (refreshStatus, refreshBody, _) = await Client.RefreshAsync(clientId, "anything.at-all");

        Assert.Equal(200, status);
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(400, refreshStatus);
        Assert.Equal("unauthorized_client", refreshBody.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_NotAForm_IsInvalidRequest()
    {
        using var response = await Env.App.Client.PostAsync("/token", new StringContent("""{"grant_type":"authorization_code"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"invalid_request\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnknownGrantType_IsUnsupportedGrantType()
    {
        var clientId = await Client.RegisterPublicClientAsync();

        var (status, body, _) = await Client.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = clientId });

        Assert.Equal(400, status);
        Assert.Equal("unsupported_grant_type", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_UnknownClient_IsInvalidClient401()
    {
        var (status, body, _) = await Client.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["client_id"] = "nobody", ["code"] = "x" });

        Assert.Equal(401, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_ConfidentialClient_AuthenticatesWithBasic_AndAWrongSecretIsInvalidClientWithABasicChallenge()
    {
        var (_, registration, _) = await Client.RegisterAsync("""
            {"client_name":"confidential","token_endpoint_auth_method":"client_secret_basic","grant_types":["authorization_code","refresh_token"],"redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}
            """);
        var clientId = registration.GetProperty("client_id").GetString()!;
        var secret = registration.GetProperty("client_secret").GetString()!;
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.ClaudeCallback, ["code_verifier"] = verifier,
        };

        var (wrongStatus, wrongBody, wrongResponse) = await Client.TokenAsync(form, (clientId, secret + "x"));
        var (postStatus, _, _) = await Client.TokenAsync(new Dictionary<string, string>(form) { ["client_id"] = clientId, ["client_secret"] = secret });
        var (noSecretStatus, _, _) = await Client.TokenAsync(new Dictionary<string, string>(form) { ["client_id"] = clientId });
        var (status, _, _) = await Client.TokenAsync(form, (clientId, secret));

        Assert.Equal(401, wrongStatus);
        Assert.Equal("invalid_client", wrongBody.GetProperty("error").GetString());
        Assert.StartsWith("Basic realm=", wrongResponse.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(401, postStatus);
        Assert.Equal(401, noSecretStatus);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Token_ConfidentialClient_WithClientSecretPost_Authenticates()
    {
        var (_, registration, _) = await Client.RegisterAsync("""
            {"client_name":"post","token_endpoint_auth_method":"client_secret_post","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}
            """);
        var clientId = registration.GetProperty("client_id").GetString()!;
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        var (status, _, _) = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthTestClient.ClaudeCallback, ["code_verifier"] = verifier,
            ["client_id"] = clientId, ["client_secret"] = registration.GetProperty("client_secret").GetString()!,
        });

        Assert.Equal(200, status);
    }
}
