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

        // 404 with the JSON-RPC error tells the client to send initialize again (MCP transports).
        var body = await McpHttp.AssertJsonRpcErrorAsync(response, HttpStatusCode.NotFound, -32600, "Session not found");
        Assert.Equal(1, (int?)body["id"]);
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
        var tools = (await McpHttp.ReadJsonAsync(response))["result"]?["tools"]?.AsArray();
        Assert.NotNull(tools);
        Assert.Contains(tools, tool => (string?)tool?["name"] == "mcp_list");
    }

    [Fact]
    public async Task UnauthenticatedSessionCreation_IsRateLimitedPerAddress()
    {
        var (app, _) = await ResourceServerTestApp.StartAsync("Seed", extra: new Dictionary<string, string?> { ["Auth:UnauthenticatedSessionsPerMinute"] = "3" });
        await using var _ = app;

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await app.Client.SendAsync(McpHttp.Post("/", McpHttp.InitializeBody));
            statuses.Add(response.StatusCode);
            if (i == 4)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var last = limited!;
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429, (HttpStatusCode)429], statuses);
        await McpHttp.AssertJsonRpcErrorAsync(limited!, (HttpStatusCode)429, -32600, "Too Many Requests");
        Assert.True(int.TryParse(McpHttp.Header(limited!, "Retry-After"), out var retryAfter) && retryAfter > 0, "429 names when to retry");
        Assert.Null(McpHttp.Header(limited!, "Mcp-Session-Id"));
    }
}
