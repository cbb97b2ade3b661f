using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// Replays, over HTTP against the published worker behind the local Functions host (one host per mode), the
/// <c>MCP-Protocol-Version</c> traffic Claude's clients really send (README, "Client compatibility"), under both
/// <c>Mcp:ProtocolVersionHeaders</c> modes: Tolerant (default) serves it on the most specific evidence and logs once;
/// Strict answers exactly what the spec says, as before. Log lines are read from the host's console.
/// </summary>
public sealed class ClaudeVersionHeaderReplayTests(WorkerHosts hosts) : IClassFixture<WorkerHosts>
{
    // McpFunctions.Mcp.ProtocolVersionTolerance's two lines (events 1030 and 1031), as the host prints them.
    private const string BodyVersionTolerated = "Client raw-http-test sent MCP-Protocol-Version 2025-11-25 with body _meta protocolVersion 2026-07-28";
    private const string AnyBodyVersionTolerated = " with body _meta protocolVersion ";

    // Row 1 (anthropics/claude-code#93290): claude.ai connectors used from Claude Desktop / Claude Code, no session,
    // a 2025-11-25 header over a 2026-07-28 body.
    [Fact]
    public async Task ConnectorWithLegacyHeaderOverModernBody_IsServedAtTheBodysVersion_AndLoggedOncePerClientAndPair()
    {
        var app = await StartAsync("Tolerant");

        for (var id = 1; id <= 3; id++)
        {
            using var response = await app.Client.SendAsync(WithHeaderVersion(ModernHttp.Request("/mcp", id, "tools/list"), "2025-11-25"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
            var body = await ReadSingleAsync(response);
            Assert.Equal(id, (int?)body["id"]);
            Assert.NotEmpty(body["result"]!["tools"]!.AsArray());
        }

        // Once per client and version pair for the whole instance, whichever test of this class sent it first.
        var logged = Assert.Single(await LoggedAsync(app, BodyVersionTolerated));
        Assert.Contains("] Information McpFunctions.", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectorWithLegacyHeaderOverModernBody_ToolCallsWork()
    {
        var app = await StartAsync("Tolerant");
        var list = await ReadSingleAsync(await app.Client.SendAsync(WithHeaderVersion(ModernHttp.Request("/mcp", 1, "tools/list"), "2025-11-25")));
        var tool = (string)list["result"]!["tools"]![0]!["name"]!;

        using var response = await app.Client.SendAsync(WithHeaderVersion(
            ModernHttp.Request("/mcp", 2, "tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() }, name: tool), "2025-11-25"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadSingleAsync(response);
        Assert.Equal(2, (int?)body["id"]);
        Assert.NotNull(body["result"]!["content"]);
    }

    [Fact]
    public async Task ConnectorWithLegacyHeaderOverModernBody_Strict_Is400HeaderMismatch()
    {
        var app = await StartAsync("Strict");

        using var response = await app.Client.SendAsync(WithHeaderVersion(ModernHttp.Request("/mcp", 1, "tools/list"), "2025-11-25"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
        Assert.DoesNotContain(app.Output, l => l.Contains(AnyBodyVersionTolerated, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Tolerant", "not-a-version")]
    [InlineData("Tolerant", "2025-01-01")]
    [InlineData("Strict", "not-a-version")]
    public async Task ModernBodyUnderAHeaderThatIsNotAProtocolVersion_StaysA400HeaderMismatch(string mode, string header)
    {
        var app = await StartAsync(mode);

        using var response = await app.Client.SendAsync(WithHeaderVersion(ModernHttp.Request("/mcp", 1, "tools/list"), header));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task ModernBodyNamingAFutureRevision_UnderALegacyHeader_IsRefusedAsUnsupported_NotAsMismatch()
    {
        var app = await StartAsync("Tolerant");
        var request = WithHeaderVersion(ModernHttp.Request("/mcp", 1, "tools/list"), "2025-11-25");
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await McpHttp.ReadJsonAsync(response))["error"]!;
        Assert.Equal(-32022, (int?)error["code"]);
        Assert.Equal("2099-01-01", (string?)error["data"]!["requested"]);
    }

    // Row 2 (CodeWithCJ/SparkyFitness#2155, #2162): a session negotiated at 2025-11-25, then 2026-07-28 on every
    // request with no _meta.
    [Fact]
    public async Task SessionClientSendingModernHeaderOnEveryRequest_IsServedAtTheSessionsVersion_AndLoggedOncePerSession()
    {
        var app = await StartAsync("Tolerant");
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-11-25");

        for (var id = 1; id <= 3; id++)
        {
            using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", $$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/list"}""", sessionId, "2026-07-28"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("2025-11-25", McpHttp.Header(response, "MCP-Protocol-Version"));
            Assert.Equal(sessionId, McpHttp.Header(response, "Mcp-Session-Id"));
            var body = await ReadSingleAsync(response);
            Assert.NotEmpty(body["result"]!["tools"]!.AsArray());
        }

        var logged = Assert.Single(await LoggedAsync(app, SessionHeaderTolerated(sessionId)));
        Assert.Contains("] Information McpFunctions.", logged, StringComparison.Ordinal);
        Assert.Contains("sent MCP-Protocol-Version 2026-07-28 on a session negotiated at 2025-11-25", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(sessionId, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionClientSendingModernHeaderOnEveryRequest_CanStillEndItsSession()
    {
        var app = await StartAsync("Tolerant");
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-11-25");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        delete.Headers.Add("MCP-Protocol-Version", "2026-07-28");

        using var deleted = await app.Client.SendAsync(delete);
        using var after = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId, "2026-07-28"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task SessionClientSendingModernHeaderOnEveryRequest_Strict_Is400()
    {
        var app = await StartAsync("Strict");
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-11-25");

        using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId, "2026-07-28"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32602, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    // Row 3 (anthropics/claude-code#92835): a session negotiated at an older revision, the header names a newer one.
    [Theory]
    [InlineData("2025-06-18", "2025-11-25")]
    [InlineData("2025-03-26", "2025-11-25")]
    [InlineData("2025-11-25", "2025-03-26")]
    [InlineData("2025-06-18", "2099-12-31")]
    public async Task SessionClientNamingAnotherKnownOrNewerVersion_IsServedAtTheSessionsVersion(string negotiated, string header)
    {
        var app = await StartAsync("Tolerant");
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: negotiated);

        using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":4,"method":"tools/list"}""", sessionId, header));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(negotiated, McpHttp.Header(response, "MCP-Protocol-Version"));
        Assert.Equal(4, (int?)(await ReadSingleAsync(response))["id"]);
        Assert.Single(await LoggedAsync(app, SessionHeaderTolerated(sessionId)));
    }

    [Fact]
    public async Task SessionClientNamingANewerVersion_Strict_Is400InvalidRequest()
    {
        var app = await StartAsync("Strict");
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-06-18");

        using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":4,"method":"tools/list"}""", sessionId, "2025-11-25"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Theory]
    [InlineData("Tolerant", "not-a-version")]
    [InlineData("Tolerant", "2024-01-01")]
    [InlineData("Tolerant", "2025-11-25x")]
    [InlineData("Strict", "not-a-version")]
    public async Task SessionRequestWithAHeaderThatIsNotAProtocolVersion_StaysA400(string mode, string header)
    {
        var app = await StartAsync(mode);
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-11-25");

        using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":4,"method":"tools/list"}""", sessionId, header));

        // Tolerant lets the session decide, so it is the legacy -32600; Strict treats any header sorting after the
        // first modern revision as a (refused) modern one, -32022, as before.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Contains(header, body["error"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(mode == "Tolerant" ? -32600 : -32022, (int?)body["error"]!["code"]);
    }

    [Fact]
    public async Task SessionClientNamingAFutureVersion_Strict_Is400ListingSupportedVersions()
    {
        var app = await StartAsync("Strict");
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-06-18");

        using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"ping"}""", sessionId, "2099-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await McpHttp.ReadJsonAsync(response))["error"]!;
        Assert.Equal(-32022, (int?)error["code"]);
        Assert.Equal("2099-01-01", (string?)error["data"]!["requested"]);
    }

    // Row 4 (anthropics/claude-code#96183): server/discover succeeds, then the client sends initialize anyway.
    [Theory]
    [InlineData("Tolerant")]
    [InlineData("Strict")]
    public async Task ClientThatDiscoversThenInitializesAnyway_GetsASession(string mode)
    {
        var app = await StartAsync(mode);
        using var discover = await app.Client.SendAsync(ModernHttp.Request("/mcp", 1, "server/discover"));
        Assert.Equal(HttpStatusCode.OK, discover.StatusCode);

        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-11-25");
        using var list = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId, "2025-11-25"));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.NotEmpty((await ReadSingleAsync(list))["result"]!["tools"]!.AsArray());
    }

    // Row 5 (anthropics/claude-ai-mcp#70): no MCP-Protocol-Version header at all after initialize.
    [Theory]
    [InlineData("Tolerant")]
    [InlineData("Strict")]
    public async Task ClientThatSendsNoVersionHeaderAfterInitialize_IsServedAtTheSessionsVersion(string mode)
    {
        var app = await StartAsync(mode);
        var sessionId = await McpHttp.HandshakeAsync(app.Client, version: "2025-11-25");

        using var response = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", sessionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-11-25", McpHttp.Header(response, "MCP-Protocol-Version"));
        await app.WaitForLogAsync("Returning ");
        Assert.DoesNotContain(app.Output, l => l.Contains(SessionHeaderTolerated(sessionId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModernRequestWithoutAVersionHeader_StaysA400_InBothModes()
    {
        foreach (var mode in new[] { "Tolerant", "Strict" })
        {
            var app = await StartAsync(mode);
            var request = ModernHttp.Request("/mcp", 1, "tools/list");
            request.Headers.Remove("MCP-Protocol-Version");

            using var response = await app.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(-32020, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
        }
    }

    private Task<WorkerApp> StartAsync(string mode) =>
        hosts.SharedAsync(new Dictionary<string, string?> { ["Mcp__ProtocolVersionHeaders"] = mode });

    private static string SessionHeaderTolerated(string sessionId) => $"Session {sessionId[..8]}… sent MCP-Protocol-Version ";

    /// <summary>The host's lines containing <paramref name="text"/>, once at least one has arrived (bounded wait).</summary>
    private static async Task<List<string>> LoggedAsync(WorkerApp app, string text)
    {
        await app.WaitForLogAsync(text);
        return [.. app.Output.Where(l => l.Contains(text, StringComparison.Ordinal))];
    }

    private static HttpRequestMessage WithHeaderVersion(HttpRequestMessage request, string version)
    {
        request.Headers.Remove("MCP-Protocol-Version");
        request.Headers.Add("MCP-Protocol-Version", version);
        return request;
    }

    /// <summary>The one JSON-RPC message of a response, whether it came as JSON or as one SSE event.</summary>
    private static async Task<JsonNode> ReadSingleAsync(HttpResponseMessage response)
    {
        if (McpHttp.ContentType(response)?.MediaType == "text/event-stream")
        {
            return (await ModernHttp.ReadEventsAsync(response)).Last();
        }

        return await McpHttp.ReadJsonAsync(response);
    }
}
