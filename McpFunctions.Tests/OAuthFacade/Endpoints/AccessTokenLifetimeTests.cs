using McpFunctions.OAuthFacade;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.IdentityModel.JsonWebTokens;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary><c>Facade:AccessTokenLifetime</c> per deployment (anthropics/claude-ai-mcp#247: many clients refresh badly), and its bounds.</summary>
public sealed class AccessTokenLifetimeTests
{
    [Theory]
    [InlineData("00:10:00", 600)]
    [InlineData("08:00:00", 8 * 3600)]
    public async Task ConfiguredLifetime_IsTheTokensExpiresIn_AndItsExp(string setting, int seconds)
    {
        await using var env = await FacadeEnvironment.StartOidcAsync(new Dictionary<string, string?> { ["Facade:AccessTokenLifetime"] = setting });
        var client = new OAuthTestClient(env.App);
        var clientId = await client.RegisterPublicClientAsync();

        var outcome = await client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        var (_, refreshed, _) = await client.RefreshAsync(clientId, outcome.RefreshToken);

        foreach (var body in new[] { outcome.TokenResponse, refreshed })
        {
            var expiresIn = body.GetProperty("expires_in").GetInt64();
            Assert.InRange(expiresIn, seconds - 5, seconds);
            var jwt = new JsonWebToken(body.GetProperty("access_token").GetString());
            Assert.Equal(seconds, (long)(jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
        }
    }

    [Theory]
    [InlineData("00:00:30", null, null, "Facade:AccessTokenLifetime")]
    [InlineData("2.00:00:00", null, null, "Facade:AccessTokenLifetime")]
    [InlineData("02:00:00", "01:00:00", null, "Facade:RefreshTokenLifetime")]
    [InlineData(null, null, "00:30:00", "Facade:RefreshTokenReuseGrace")]
    [InlineData(null, null, "-00:00:01", "Facade:RefreshTokenReuseGrace")]
    public void Lifetimes_ThatCannotWork_FailStartUp_NamingTheSetting(string? access, string? refresh, string? grace, string named)
    {
        var options = new FacadeOptions();
        options.AccessTokenLifetime = access is null ? options.AccessTokenLifetime : TimeSpan.Parse(access, System.Globalization.CultureInfo.InvariantCulture);
        options.RefreshTokenLifetime = refresh is null ? options.RefreshTokenLifetime : TimeSpan.Parse(refresh, System.Globalization.CultureInfo.InvariantCulture);
        options.RefreshTokenReuseGrace = grace is null ? options.RefreshTokenReuseGrace : TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture);

        var result = new FacadeLifetimesValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultLifetimes_AreValid_AndTheAccessTokenLivesOneHour()
    {
        var options = new FacadeOptions();

        Assert.True(new FacadeLifetimesValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromHours(1), options.AccessTokenLifetime);
    }
}
