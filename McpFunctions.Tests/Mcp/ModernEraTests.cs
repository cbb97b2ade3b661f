using System.ComponentModel;
using System.Net;
using System.Text.Json.Nodes;
using McpFunctions.Sessions;
using McpFunctions.Tests.TestSupport;
using McpFunctions.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// The 2026-07-28 revision on the same endpoint as legacy sessions (DESIGN.md §2): stateless requests with
/// per-request metadata and standard headers, interleaved with a legacy session, against one running app.
/// </summary>
public sealed class ModernEraTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private CountingSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(configureServices: services =>
        {
            services.AddMcpTool(McpServerTool.Create(
                async (IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken) =>
                {
                    for (var step = 0; step <= 100; step += 50)
                    {
                        progress.Report(new ProgressNotificationValue { Progress = step, Total = 100 });
                        await Task.Delay(20, cancellationToken);
                    }

                    return "done";
                },
                new McpServerToolCreateOptions { Name = "slow_count", Description = "Counts to 100 reporting progress." }));
            services.AddMcpTool(McpServerTool.Create(([Description("A name")] string name) => $"héllo {name}", new McpServerToolCreateOptions { Name = "greet", Description = "Greets." }));
            services.AddMcpTool(McpServerTool.Create(
                (RequestContext<CallToolRequestParams> context) =>
                {
                    if (context.Params?.InputResponses?.TryGetValue("user_name", out var answer) == true)
                    {
                        var content = answer.RawValue.GetProperty("content");
                        return $"hello {content.GetProperty("name").GetString()} (state {context.Params.RequestState})";
                    }

                    if (!context.Server.IsMrtrSupported)
                    {
                        return "this tool needs protocol 2026-07-28";
                    }

                    var ask = new ElicitRequestParams
                    {
                        Message = "What is your name?",
                        RequestedSchema = new ElicitRequestParams.RequestSchema
                        {
                            Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> { ["name"] = new ElicitRequestParams.StringSchema() },
                        },
                    };
                    throw new InputRequiredException(new Dictionary<string, InputRequest> { ["user_name"] = InputRequest.ForElicitation(ask) }, "round-1");
                },
                new McpServerToolCreateOptions { Name = "ask_name", Description = "Asks the user's name by elicitation." }));
            services.AddSingleton<CountingSessionStore>();
            services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<CountingSessionStore>());
        });
        _store = _app.Services.GetRequiredService<CountingSessionStore>();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ServerDiscover_ListsVersionsCapabilitiesAndServerInfo()
    {
        using var response = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 1, "server/discover"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
        var result = (await McpHttp.ReadJsonAsync(response))["result"]!;
        Assert.Equal("complete", (string?)result["resultType"]);
        Assert.Equal(["2026-07-28"], result["supportedVersions"]!.AsArray().Select(v => (string)v!));
        Assert.NotNull(result["capabilities"]!["tools"]);
        Assert.Null(result["capabilities"]!["logging"]);
        Assert.Equal("mcp-functions", (string?)result["_meta"]!["io.modelcontextprotocol/serverInfo"]!["name"]);
        Assert.NotNull(result["ttlMs"]);
        Assert.NotNull(result["cacheScope"]);
    }

    [Fact]
    public async Task ToolsCall_IsStateless_AndNeverTouchesTheSessionStore()
    {
        var before = _store.Operations;
        using var list = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 1, "tools/list"));
        using var call = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 2, "tools/call",
            new JsonObject { ["name"] = "mcp_list", ["arguments"] = new JsonObject() }, name: "mcp_list"));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        var listResult = (await McpHttp.ReadJsonAsync(list))["result"]!;
        Assert.Equal("complete", (string?)listResult["resultType"]);
        Assert.Contains("mcp_execute", listResult["tools"]!.AsArray().Select(t => (string?)t!["name"]));
        var callResult = (await McpHttp.ReadJsonAsync(call))["result"]!;
        Assert.Equal("complete", (string?)callResult["resultType"]);
        Assert.NotEqual(true, (bool?)callResult["isError"]);
        Assert.Equal(before, _store.Operations);
    }

    [Fact]
    public async Task SessionIdOnAModernRequest_IsIgnored_NeitherLookedUpNorEchoed()
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/list");
        request.Headers.Add("Mcp-Session-Id", "not-a-session");
        var before = _store.Operations;

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
        Assert.Equal(before, _store.Operations);
    }

    [Fact]
    public async Task LegacySessionAndModernRequests_Interleave_OnOneEndpoint()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);
        using var modern1 = await _app.Client.SendAsync(ModernHttp.Request("/mcp", "m1", "tools/list"));
        using var legacy = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":"l1","method":"tools/call","params":{"name":"mcp_list","arguments":{}}}""", sessionId, "2025-06-18"));
        using var modern2 = await _app.Client.SendAsync(ModernHttp.Request("/mcp", "m2", "ping"));
        using var legacyPing = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":"l2","method":"ping"}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.OK, modern1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        var legacyResult = (await McpHttp.ReadJsonAsync(legacy))["result"]!;
        Assert.Null(legacyResult["resultType"]);
        Assert.Equal(HttpStatusCode.NotFound, modern2.StatusCode);
        Assert.Equal(-32601, (int?)(await McpHttp.ReadJsonAsync(modern2))["error"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, legacyPing.StatusCode);
        Assert.Equal("{}", (await McpHttp.ReadJsonAsync(legacyPing))["result"]!.ToJsonString());
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("logging/setLevel")]
    [InlineData("resources/subscribe")]
    [InlineData("no/such/method")]
    public async Task RemovedOrUnknownMethod_Is404_MethodNotFound(string method)
    {
        using var response = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 7, method));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32601, (int?)body["error"]!["code"]);
        Assert.Equal(7, (int?)body["id"]);
    }

    [Fact]
    public async Task HeaderVersionDifferentFromBody_Is400_HeaderMismatch()
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/list");
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/protocolVersion"] = "v999.0.0";
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task UnsupportedVersion_Is400_ListingSupportedVersions()
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/list");
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/protocolVersion"] = "v999.0.0";
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        request.Headers.Remove("MCP-Protocol-Version");
        request.Headers.Add("MCP-Protocol-Version", "v999.0.0");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await McpHttp.ReadJsonAsync(response))["error"]!;
        Assert.Equal(-32022, (int?)error["code"]);
        Assert.Equal("v999.0.0", (string?)error["data"]!["requested"]);
        Assert.Equal(["2026-07-28"], error["data"]!["supported"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task BodyDeclaringModernVersion_WithoutTheHeader_Is400_HeaderMismatch()
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/list");
        request.Headers.Remove("MCP-Protocol-Version");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("tools/call")]
    [InlineData("TOOLS/LIST")]
    public async Task McpMethodMissingOrDifferent_Is400_HeaderMismatch(string? header)
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/list");
        request.Headers.Remove("Mcp-Method");
        if (header is not null)
        {
            request.Headers.Add("Mcp-Method", header);
        }

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32020, (int?)body["error"]!["code"]);
        Assert.Equal(1, (int?)body["id"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("mcp_search")]
    [InlineData("=?base64?not base64?=")]
    public async Task McpNameMissingOrDifferent_OnToolsCall_Is400(string? header)
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/call", new JsonObject { ["name"] = "mcp_list", ["arguments"] = new JsonObject() }, name: header);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32020, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task McpName_InBase64Form_IsDecodedBeforeComparing()
    {
        // Clients may send any value in the encoded form; the server compares the decoded value.
        var encoded = "=?base64?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("greet")) + "?=";
        var request = ModernHttp.Request("/mcp", 1, "tools/call", new JsonObject { ["name"] = "greet", ["arguments"] = new JsonObject { ["name"] = "Ada" } }, name: encoded);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("héllo Ada", (string?)(await McpHttp.ReadJsonAsync(response))["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task MissingClientCapabilities_Is400_InvalidParams()
    {
        var request = ModernHttp.Request("/mcp", 1, "tools/list");
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!.AsObject().Remove("io.modelcontextprotocol/clientCapabilities");
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32602, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task GetAndDelete_Are405_WithAllow(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/mcp");
        request.Headers.Add("MCP-Protocol-Version", ModernHttp.Version);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", McpHttp.Header(response, "Allow"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notification_Is202()
    {
        var body = """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""";
        var request = McpHttp.Post("/mcp", body, protocolVersion: ModernHttp.Version);
        request.Headers.Add("Mcp-Method", "notifications/cancelled");

        using var response = await _app.Client.SendAsync(request);

        await McpHttp.AssertAcceptedAndEmptyAsync(response);
    }

    [Fact]
    public async Task Batch_Is400()
    {
        var request = McpHttp.Post("/mcp", """[{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}]""", protocolVersion: ModernHttp.Version);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task ToolReportingProgress_StreamsNotificationsLive_ThenTheResult()
    {
        var parameters = new JsonObject { ["name"] = "slow_count", ["arguments"] = new JsonObject() };
        var request = ModernHttp.Request("/mcp", 9, "tools/call", parameters, name: "slow_count");
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["progressToken"] = "p-1";
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", McpHttp.ContentType(response)?.MediaType);
        var events = await ModernHttp.ReadEventsAsync(response);
        var progress = events.Where(e => (string?)e["method"] == "notifications/progress").ToList();
        Assert.Equal([0.0, 50.0, 100.0], progress.Select(p => (double)p["params"]!["progress"]!));
        Assert.All(progress, p => Assert.Equal("p-1", (string?)p["params"]!["progressToken"]));
        Assert.Equal(9, (int?)events[^1]["id"]);
        Assert.Equal("done", (string?)events[^1]["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task ToolReportingProgress_ToAJsonOnlyClient_AnswersJson()
    {
        var parameters = new JsonObject { ["name"] = "slow_count", ["arguments"] = new JsonObject() };
        var request = ModernHttp.Request("/mcp", 9, "tools/call", parameters, name: "slow_count", accept: "application/json");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal("application/json", McpHttp.ContentType(response)?.MediaType);
        Assert.Equal("done", (string?)(await McpHttp.ReadJsonAsync(response))["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task PlainTool_AnswersJson_EvenWhenTheClientAcceptsSse()
    {
        using var response = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 2, "tools/call",
            new JsonObject { ["name"] = "mcp_list", ["arguments"] = new JsonObject() }, name: "mcp_list"));

        Assert.Equal("application/json", McpHttp.ContentType(response)?.MediaType);
    }

    [Fact]
    public async Task ToolNeedingInput_AnswersInputRequired_ThenCompletesOnTheRetry_WithNoServerState()
    {
        var capabilities = new JsonObject { ["elicitation"] = new JsonObject() };
        var first = ModernHttp.Request("/mcp", 1, "tools/call", new JsonObject { ["name"] = "ask_name", ["arguments"] = new JsonObject() }, name: "ask_name");
        await SetCapabilitiesAsync(first, capabilities);

        using var round1 = await _app.Client.SendAsync(first);

        Assert.Equal(HttpStatusCode.OK, round1.StatusCode);
        var result1 = (await McpHttp.ReadJsonAsync(round1))["result"]!;
        Assert.Equal("input_required", (string?)result1["resultType"]);
        Assert.Equal("elicitation/create", (string?)result1["inputRequests"]!["user_name"]!["method"]);
        Assert.Equal("round-1", (string?)result1["requestState"]);

        var retryParams = new JsonObject
        {
            ["name"] = "ask_name",
            ["arguments"] = new JsonObject(),
            ["inputResponses"] = new JsonObject { ["user_name"] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["name"] = "Ada" } } },
            ["requestState"] = "round-1",
        };
        var retry = ModernHttp.Request("/mcp", 2, "tools/call", retryParams, name: "ask_name");
        await SetCapabilitiesAsync(retry, capabilities);

        using var round2 = await _app.Client.SendAsync(retry);

        var result2 = (await McpHttp.ReadJsonAsync(round2))["result"]!;
        Assert.Equal("complete", (string?)result2["resultType"]);
        Assert.Equal("hello Ada (state round-1)", (string?)result2["content"]![0]!["text"]);
    }

    [Fact]
    public async Task ToolNeedingInput_FromAClientWithoutTheCapability_Is400_MissingCapability()
    {
        using var response = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 1, "tools/call", new JsonObject { ["name"] = "ask_name", ["arguments"] = new JsonObject() }, name: "ask_name"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await McpHttp.ReadJsonAsync(response))["error"]!;
        Assert.Equal(-32021, (int?)error["code"]);
        Assert.NotNull(error["data"]!["requiredCapabilities"]!["elicitation"]);
    }

    private static async Task SetCapabilitiesAsync(HttpRequestMessage request, JsonObject capabilities)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/clientCapabilities"] = capabilities.DeepClone();
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
    }
}
