using System.Net;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.ResourceServer;

/// <summary>The seed preset's open initialize cannot be used to fill the session table.</summary>
public sealed class UnboundSessionTests
{
    [Fact]
    public async Task SessionNeverBoundToAUser_ExpiresAfterTheUnboundLifetime()
    {
        var time = new ManualTimeProvider();
        var (app, _) = await ResourceServerTestApp.StartAsync("Seed", time);
        await using var _ = app;
        var sessionId = await McpHttp.HandshakeAsync(app.Client, "/");

        time.Advance(TimeSpan.FromMinutes(6));
        using var response = await app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId).WithToken("alice.r"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SessionBoundToAUser_LivesForTheIdleTimeout()
    {
        var time = new ManualTimeProvider();
        var (app, _) = await ResourceServerTestApp.StartAsync("Seed", time);
        await using var _ = app;
        var sessionId = await McpHttp.HandshakeAsync(app.Client, "/");
        using var bind = await app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId).WithToken("alice.r"));

        time.Advance(TimeSpan.FromMinutes(30));
        using var response = await app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId).WithToken("alice.r"));

        Assert.Equal(HttpStatusCode.OK, bind.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnauthenticatedSessionCreation_IsRateLimitedPerAddress()
    {
        var (app, _) = await ResourceServerTestApp.StartAsync("Seed", extra: new Dictionary<string, string?> { ["Auth:UnauthenticatedSessionsPerMinute"] = "3" });
        await using var _ = app;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await app.Client.SendAsync(McpHttp.Post("/", McpHttp.InitializeBody));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429, (HttpStatusCode)429], statuses);
    }
}
