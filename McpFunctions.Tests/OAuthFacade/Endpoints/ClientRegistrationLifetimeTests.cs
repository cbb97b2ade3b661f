using System.Net;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>Dynamic registrations expire after <c>Facade:ClientIdleLifetime</c> unused; using one keeps it.</summary>
public sealed class ClientRegistrationLifetimeTests
{
    [Fact]
    public async Task Registration_UsedAtTheTokenEndpoint_ExpiresIdleLifetimeAfterItsLastUse()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await FacadeEnvironment.StartDevelopmentAsync(
            new Dictionary<string, string?> { ["Facade:ClientIdleLifetime"] = "10.00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        var client = new OAuthTestClient(env.App);
        var clientId = await client.RegisterPublicClientAsync();

        clock.Advance(TimeSpan.FromDays(8));
        await client.AuthorizeAndRedeemAsync(clientId, OAuthTestClient.ClaudeCallback);
        clock.Advance(TimeSpan.FromDays(8));

        var stored = await env.App.Services.GetRequiredService<IOAuthClientStore>().GetAsync(clientId, default);
        Assert.NotNull(stored);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromDays(2), stored.ExpiresAt);
    }

    [Fact]
    public async Task Registration_NeverUsed_IsGoneAfterIdleLifetime()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await FacadeEnvironment.StartDevelopmentAsync(
            new Dictionary<string, string?> { ["Facade:ClientIdleLifetime"] = "10.00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        var client = new OAuthTestClient(env.App);
        var clientId = await client.RegisterPublicClientAsync();

        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1));
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var response = await env.App.Client.GetAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
