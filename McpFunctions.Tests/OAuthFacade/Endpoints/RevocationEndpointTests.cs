using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>RFC 7009: a client ends its grant with either token; unknown tokens are still 200.</summary>
public sealed class RevocationEndpointTests(OidcFacadeFixture fixture) : IClassFixture<OidcFacadeFixture>
{
    private FacadeEnvironment Env => fixture.Environment;

    private OAuthTestClient Client => new(Env.App);

    [Fact]
    public async Task Revoke_RefreshToken_EndsTheGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        var status = await RevokeAsync(clientId, outcome.RefreshToken, "refresh_token");

        Assert.Equal(200, status);
        Assert.Equal(400, (await Client.RefreshAsync(clientId, outcome.RefreshToken)).Status);
        Assert.Equal(401, await Client.McpToolsListStatusAsync(outcome.AccessToken));
    }

    [Fact]
    public async Task Revoke_AccessToken_EndsItsGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);

        var status = await RevokeAsync(clientId, outcome.AccessToken, null);

        Assert.Equal(200, status);
        Assert.Equal(401, await Client.McpToolsListStatusAsync(outcome.AccessToken));
        Assert.Equal(400, (await Client.RefreshAsync(clientId, outcome.RefreshToken)).Status);
    }

    [Fact]
    public async Task Revoke_AnotherClientsToken_Answers200_AndChangesNothing()
    {
        var owner = await Client.RegisterPublicClientAsync();
        var other = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(owner, OAuthTestClient.ClaudeCallback);

        Assert.Equal(200, await RevokeAsync(other, outcome.RefreshToken, "refresh_token"));
        Assert.Equal(200, await RevokeAsync(other, outcome.AccessToken, "access_token"));

        Assert.Equal(200, await Client.McpToolsListStatusAsync(outcome.AccessToken));
    }

    [Fact]
    public async Task Revoke_UnknownToken_Answers200()
    {
        var clientId = await Client.RegisterPublicClientAsync();

        Assert.Equal(200, await RevokeAsync(clientId, "not-a-token", null));
        Assert.Equal(200, await RevokeAsync(clientId, "AAAAAAAAAAAAAAAAAAAAAA.secret", "refresh_token"));
    }

    private async Task<int> RevokeAsync(string clientId, string token, string? hint)
    {
        var form = new Dictionary<string, string> { ["client_id"] = clientId, ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        using var response = await Env.App.Client.PostAsync("/revoke", new FormUrlEncodedContent(form));
        return (int)response.StatusCode;
    }
}
