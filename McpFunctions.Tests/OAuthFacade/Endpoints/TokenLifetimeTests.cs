using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>Time-bound rules on a manual clock: code expiry, and refresh-token reuse inside and after the grace period.</summary>
public sealed class TokenLifetimeTests : IAsyncLifetime
{
    // The upstream's ID tokens carry real timestamps, so the façade's clock starts at the real now.
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FacadeEnvironment? _env;

    private FacadeEnvironment Env => _env!;

    private OAuthTestClient Client => new(Env.App);

    public async Task InitializeAsync() =>
        _env = await FacadeEnvironment.StartOidcAsync(configureServices: services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await Env.DisposeAsync();

    [Fact]
    public async Task Token_ExpiredCode_IsInvalidGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(Client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var (status, body, _) = await Client.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, verifier);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_WithTheJustRotatedTokenInsideTheGrace_GetsTheSameNewPair()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var (_, first, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        _clock.Advance(TimeSpan.FromSeconds(59));
        var (status, second, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(200, status);
        Assert.Equal(first.GetProperty("refresh_token").GetString(), second.GetProperty("refresh_token").GetString());
        Assert.Equal(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task Refresh_ReuseAfterTheNewTokenWasUsed_RevokesTheGrant_AndItsAccessTokensAreRefusedByTheMcpEndpoint()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var (_, rotated, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        _clock.Advance(TimeSpan.FromSeconds(61));
        var (_, latest, _) = await Client.RefreshAsync(clientId, rotated.GetProperty("refresh_token").GetString()!);
        var currentAccess = latest.GetProperty("access_token").GetString()!;
        Assert.Equal(200, await Client.McpToolsListStatusAsync(currentAccess));

        _clock.Advance(TimeSpan.FromSeconds(61));
        var (status, body, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        var (currentStatus, _, _) = await Client.RefreshAsync(clientId, latest.GetProperty("refresh_token").GetString()!);
        Assert.Equal(400, currentStatus);
        Assert.Equal(401, await Client.McpToolsListStatusAsync(currentAccess));
        Assert.Equal(401, await Client.McpToolsListStatusAsync(outcome.AccessToken));
    }
}
