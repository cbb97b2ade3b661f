using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// Refresh-token rotation and reuse detection (RFC 9700 §4.14.2) with the rule of Cloudflare's workers-oauth-provider:
/// the previous token stays valid until the new one is first used, and every token rotated out before that is reuse.
/// Run on a manual clock against each grant store (<see cref="InMemoryRefreshTokenReplayTests"/>,
/// <see cref="TableRefreshTokenReplayTests"/>), through the running façade over HTTP.
/// </summary>
public abstract class RefreshTokenReplayTests : IAsyncLifetime
{
    // The upstream's ID tokens carry real timestamps, so the façade's clock starts at the real now.
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FacadeEnvironment? _env;

    private FacadeEnvironment Env => _env!;

    private OAuthTestClient Client => new(Env.App);

    public async Task InitializeAsync() =>
        _env = await FacadeEnvironment.StartOidcAsync(Settings(), services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await Env.DisposeAsync();

    protected abstract Dictionary<string, string?> Settings();

    protected abstract Type ExpectedGrantRecords { get; }

    // anthropics/claude-code#59460: Claude Code does not store the rotated refresh token and presents the previous one later.
    [Fact]
    public async Task ClientThatNeverStoresTheRotatedToken_RefreshesWithTheOldOneHoursLater_AndStaysSignedIn()
    {
        Assert.IsType(ExpectedGrantRecords, Assert.IsType<GrantStore>(Env.App.Services.GetRequiredService<IGrantStore>()).Records);
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var (firstStatus, first, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        Assert.Equal(200, firstStatus);

        _clock.Advance(TimeSpan.FromHours(5));
        var (status, second, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        _clock.Advance(TimeSpan.FromHours(5));
        var (thirdStatus, third, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(200, status);
        Assert.Equal(200, thirdStatus);
        Assert.NotEqual(first.GetProperty("refresh_token").GetString(), second.GetProperty("refresh_token").GetString());
        Assert.NotEqual(second.GetProperty("refresh_token").GetString(), third.GetProperty("refresh_token").GetString());
        Assert.Equal(200, await Client.McpToolsListStatusAsync(third.GetProperty("access_token").GetString()!));
        Assert.True(Env.App.Logs.Lines.Count(l => l.EventId.Id == 5538) == 2, "each refresh with the previous token is logged as such");
    }

    [Fact]
    public async Task ForgottenRotatedToken_PresentedAfterTheClientMovedOn_IsReuse_AndRevokesTheGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var (_, forgotten, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        _clock.Advance(TimeSpan.FromHours(2));
        var (_, kept, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        _clock.Advance(TimeSpan.FromHours(2));
        var (status, body, _) = await Client.RefreshAsync(clientId, forgotten.GetProperty("refresh_token").GetString()!);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        var (keptStatus, _, _) = await Client.RefreshAsync(clientId, kept.GetProperty("refresh_token").GetString()!);
        Assert.Equal(400, keptStatus);
    }

    [Fact]
    public async Task SecondPartyPresentingTheOldToken_AfterTheClientUsedTheNewOne_RevokesTheGrant()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var (_, rotated, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var (usedStatus, latest, _) = await Client.RefreshAsync(clientId, rotated.GetProperty("refresh_token").GetString()!);
        Assert.Equal(200, usedStatus);
        var latestAccess = latest.GetProperty("access_token").GetString()!;
        Assert.Equal(200, await Client.McpToolsListStatusAsync(latestAccess));

        _clock.Advance(TimeSpan.FromMinutes(10));
        var (status, body, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(400, (await Client.RefreshAsync(clientId, latest.GetProperty("refresh_token").GetString()!)).Status);
        Assert.Equal(401, await Client.McpToolsListStatusAsync(latestAccess));
        Assert.Contains(Env.App.Logs.Lines, l => l.EventId.Id == 5533);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public async Task AnyTokenOlderThanThePrevious_IsReuse_AndRevokesTheGrant(int rotationsOld)
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var tokens = new List<string> { outcome.RefreshToken };
        for (var i = 0; i < rotationsOld; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(61));
            var (status, body, _) = await Client.RefreshAsync(clientId, tokens[^1]);
            Assert.Equal(200, status);
            tokens.Add(body.GetProperty("refresh_token").GetString()!);
        }

        _clock.Advance(TimeSpan.FromMinutes(61));
        var (reuseStatus, reuse, _) = await Client.RefreshAsync(clientId, tokens[^(rotationsOld + 1)]);

        Assert.Equal(400, reuseStatus);
        Assert.Equal("invalid_grant", reuse.GetProperty("error").GetString());
        Assert.Equal(400, (await Client.RefreshAsync(clientId, tokens[^1])).Status);
        Assert.Equal(400, (await Client.RefreshAsync(clientId, tokens[^2])).Status);
    }

    [Fact]
    public async Task KnownGrantIdWithANeverIssuedSecret_IsInvalidGrant_AndLeavesTheGrantAlone()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var grantId = outcome.RefreshToken[..outcome.RefreshToken.IndexOf('.', StringComparison.Ordinal)];

        foreach (var forged in new[] { grantId + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", grantId + ".x", grantId + "." + outcome.RefreshToken[(grantId.Length + 1)..].ToUpperInvariant() })
        {
            var (status, body, _) = await Client.RefreshAsync(clientId, forged);
            Assert.Equal(400, status);
            Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        }

        var (ownerStatus, _, _) = await Client.RefreshAsync(clientId, outcome.RefreshToken);
        Assert.Equal(200, ownerStatus);
        Assert.Equal(200, await Client.McpToolsListStatusAsync(outcome.AccessToken));
        Assert.DoesNotContain(Env.App.Logs.Lines, l => l.EventId.Id == 5533);
    }

    [Fact]
    public async Task ConcurrentRetriesWithTheForgottenToken_HoursLater_AllGetTheSamePair()
    {
        var clientId = await Client.RegisterPublicClientAsync();
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        await Client.RefreshAsync(clientId, outcome.RefreshToken);
        _clock.Advance(TimeSpan.FromHours(3));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Client.RefreshAsync(clientId, outcome.RefreshToken)));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Single(results.Select(r => r.Body.GetProperty("refresh_token").GetString()).Distinct());
        Assert.Equal(200, (await Client.RefreshAsync(clientId, results[0].Body.GetProperty("refresh_token").GetString()!)).Status);
    }
}
