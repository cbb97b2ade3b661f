using System.Net;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// The first seed's Phase 1 and Phase 3, request by request, against the published worker behind the local Functions
/// host, as Azure runs it (auth off: the auth issue adds the token steps). One host serves the class.
/// </summary>
public sealed class SeedHandshakeTests(WorkerHosts hosts) : IClassFixture<WorkerHosts>, IAsyncLifetime
{
    private WorkerApp _app = null!;

    public async Task InitializeAsync() => _app = await hosts.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/mcp")]
    public async Task Head_Returns200_WithProtocolVersion_Step1_1(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        request.Headers.UserAgent.ParseAdd("python-httpx/0.27.0");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-06-18", McpHttp.Header(response, "MCP-Protocol-Version"));
    }

    [Fact]
    public async Task Initialize_Returns200_WithSessionIdAndNegotiatedVersion_Step3_1()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/", McpHttp.InitializeBody));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", McpHttp.ContentType(response)?.MediaType);
        var sessionId = McpHttp.Header(response, "Mcp-Session-Id");
        Assert.NotNull(sessionId);
        Assert.True(sessionId.Length >= 22, "session id must carry at least 128 bits");
        Assert.All(sessionId, c => Assert.InRange(c, '\x21', '\x7E'));
        Assert.Equal("2025-06-18", McpHttp.Header(response, "MCP-Protocol-Version"));

        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal("2.0", (string?)body["jsonrpc"]);
        Assert.Equal(0, (int?)body["id"]);
        Assert.Equal("2025-06-18", (string?)body["result"]!["protocolVersion"]);
        Assert.NotNull(body["result"]!["capabilities"]!["tools"]);
        Assert.Equal("mcp-functions", (string?)body["result"]!["serverInfo"]!["name"]);
        Assert.False(string.IsNullOrEmpty((string?)body["result"]!["serverInfo"]!["version"]));
        await _app.WaitForLogAsync($"Created MCP session {SessionPrefix(response)}…");
    }

    [Fact]
    public async Task Initialize_WithTheSeedsParamlessBody_StillCreatesASession()
    {
        // The first seed's step 3.1 shows Claude.ai's body with only capabilities/name/version.
        using var response = await _app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{},"name":"claude-ai","version":"0.1.0"}}""", accept: ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(McpHttp.Header(response, "Mcp-Session-Id"));
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal("2025-11-25", (string?)body["result"]!["protocolVersion"]);
    }

    [Theory]
    [InlineData("2025-03-26", "2025-03-26")]
    [InlineData("2025-06-18", "2025-06-18")]
    [InlineData("2025-11-25", "2025-11-25")]
    [InlineData("2024-11-05", "2024-11-05")]
    [InlineData("1999-01-01", "2025-11-25")]
    public async Task Initialize_NegotiatesVersion(string requested, string expected)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody.Replace("2025-06-18", requested, StringComparison.Ordinal)));

        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(expected, (string?)body["result"]!["protocolVersion"]);
        Assert.Equal(expected, McpHttp.Header(response, "MCP-Protocol-Version"));
    }

    [Fact]
    public async Task InitializedNotification_Returns202_WithEmptyBody_Step3_2()
    {
        using var init = await _app.Client.SendAsync(McpHttp.Post("/", McpHttp.InitializeBody));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;

        using var response = await _app.Client.SendAsync(McpHttp.Post("/", """{"method":"notifications/initialized","jsonrpc":"2.0"}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal(sessionId, McpHttp.Header(response, "Mcp-Session-Id"));
        await _app.WaitForLogAsync($"Session {SessionPrefix(response)}… is now fully initialized");
    }

    [Fact]
    public async Task Get_Returns405_WithAllow_NeverNot501_Step3_3()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept", "text/event-stream");
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var allow = McpHttp.Header(response, "Allow");
        Assert.NotNull(allow);
        Assert.Contains("POST", allow);
        Assert.Contains("DELETE", allow);
        Assert.DoesNotContain("GET", allow);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32600, (int?)body["error"]!["code"]);
    }

    [Fact]
    public async Task ToolsList_ReturnsTheFourSeedTools_Step4_1()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, "/");

        using var response = await _app.Client.SendAsync(McpHttp.Post("/", """{"method":"tools/list","params":{},"jsonrpc":"2.0","id":1}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(1, (int?)body["id"]);
        var names = body["result"]!["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Equal(["mcp_execute", "mcp_get_info", "mcp_list", "mcp_search"], names);
        Assert.All(body["result"]!["tools"]!.AsArray(), t => Assert.Equal("object", (string?)t!["inputSchema"]!["type"]));
        await _app.WaitForLogAsync("Returning 4 tools");
    }

    [Fact]
    public async Task ParallelListCalls_AllAnswered_WithoutServerErrors()
    {
        // Seed, "Parallel Requests": tools/list, resources/list and prompts/list fired together.
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, "/");
        string[] bodies =
        [
            """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""",
            """{"jsonrpc":"2.0","id":2,"method":"resources/list","params":{}}""",
            """{"jsonrpc":"2.0","id":3,"method":"prompts/list","params":{}}""",
            """{"jsonrpc":"2.0","id":4,"method":"resources/templates/list","params":{}}""",
        ];

        var responses = await Task.WhenAll(bodies.Select(b => _app.Client.SendAsync(McpHttp.Post("/", b, sessionId, "2025-06-18"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(McpHttp.ReadJsonAsync));
        Assert.Equal(4, results[0]["result"]!["tools"]!.AsArray().Count);
        // Each list has content: the catalogue and the eight definitions, the prompt, the definition template.
        Assert.Equal(9, results[1]["result"]!["resources"]!.AsArray().Count);
        Assert.Contains(results[1]["result"]!["resources"]!.AsArray(), r => (string?)r!["uri"] == "calculators://catalog");
        Assert.Equal(["interpret-result"], results[2]["result"]!["prompts"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal(["calculators://calculator/{name}"], results[3]["result"]!["resourceTemplates"]!.AsArray().Select(t => (string?)t!["uriTemplate"]));
        Assert.All(results, r => Assert.Null(r["error"]));
        Assert.Equal([1, 2, 3, 4], results.Select(r => (int)r["id"]!));
    }

    [Fact]
    public async Task ToolsCall_RunsACalculator()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """
            {"jsonrpc":"2.0","id":"call-1","method":"tools/call","params":{"name":"mcp_execute","arguments":{"calculatorId":"bmi","inputs":{"weight":70,"weightUnit":"kg","height":175,"heightUnit":"cm"}}}}
            """, sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal("call-1", (string?)body["id"]);
        var result = body["result"]!;
        Assert.NotEqual(true, (bool?)result["isError"]);
        Assert.Contains("22.86", result["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsCall_BadInput_IsAToolError_NotAProtocolError()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """
            {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"mcp_execute","arguments":{"calculatorId":"no-such-calculator","inputs":{}}}}
            """, sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await McpHttp.ReadJsonAsync(response))["result"]!;
        Assert.True((bool?)result["isError"]);
        var text = result["content"]![0]!["text"]!.GetValue<string>();
        Assert.Contains("no-such-calculator", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsCall_UnknownTool_IsInvalidParams()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"nope"}}""", sessionId));

        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32602, (int?)body["error"]!["code"]);
        Assert.Equal(6, (int?)body["id"]);
    }

    [Fact]
    public async Task Ping_ReturnsEmptyResult()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":7,"method":"ping"}""", sessionId));

        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new JsonObject().ToJsonString(), body["result"]!.ToJsonString());
    }

    [Fact]
    public async Task Delete_Returns204_ThenTheSessionIs404()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        delete.Headers.Add("Mcp-Session-Id", sessionId);

        using var deleted = await _app.Client.SendAsync(delete);
        using var after = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":8,"method":"tools/list"}""", sessionId));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        var body = await McpHttp.ReadJsonAsync(after);
        Assert.Equal(8, (int?)body["id"]);
        Assert.NotNull(body["error"]);
    }

    [Fact]
    public async Task ToolsCall_MissingRequiredArgument_IsAToolError_NamingIt()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"mcp_execute","arguments":{"inputs":{}}}}""", sessionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await McpHttp.ReadJsonAsync(response))["result"]!;
        Assert.True((bool?)result["isError"]);
        Assert.Contains("calculatorId", result["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        // The call's own log line has arrived, so an error it logged would have too.
        await _app.WaitForLogAsync("Tool mcp_execute called");
        Assert.DoesNotContain(_app.Output, l => l.Contains("] Error ", StringComparison.Ordinal) || l.Contains("] Critical ", StringComparison.Ordinal));
    }

    private static string SessionPrefix(HttpResponseMessage response) => McpHttp.Header(response, "Mcp-Session-Id")![..8];
}
