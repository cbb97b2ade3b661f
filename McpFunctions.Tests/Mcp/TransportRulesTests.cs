using System.Net;
using System.Text;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// Streamable HTTP rules and bad input (MCP basic/transports; the second seed's testing checklist):
/// every rejection is a clear status with a JSON-RPC error body, never a 5xx.
/// </summary>
public sealed class TransportRulesTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Mcp:MaxRequestBodyBytes"] = "4096" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Post_WithoutSessionId_Returns400()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32600, (int?)body["error"]!["code"]);
        Assert.Equal(1, (int?)body["id"]);
    }

    [Theory]
    [InlineData("not-a-session-we-issued")]
    [InlineData("bad id with spaces")]
    public async Task Post_WithUnknownSessionId_Returns404_SoTheClientReinitializes(string sessionId)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, (int?)(await McpHttp.ReadJsonAsync(response))["id"]);
    }

    [Fact]
    public async Task Post_WithUnsupportedProtocolVersionHeader_Returns400()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"ping"}""", sessionId, "2024-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Contains("2024-01-01", (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(3, (int?)body["id"]);
    }

    [Fact]
    public async Task Post_WithAFutureProtocolVersionHeader_OnASession_IsServedAtTheSessionsVersion_ByDefault()
    {
        // Mcp:ProtocolVersionHeaders=Tolerant (default): the session is the more specific evidence.
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"ping"}""", sessionId, "2099-01-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-06-18", McpHttp.Header(response, "MCP-Protocol-Version"));
        Assert.Equal(3, (int?)(await McpHttp.ReadJsonAsync(response))["id"]);
    }

    [Fact]
    public async Task Post_WithAFutureProtocolVersionHeader_WithoutASession_Returns400_ListingSupportedVersions()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"ping"}""", protocolVersion: "2099-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await McpHttp.ReadJsonAsync(response))["error"]!;
        Assert.Equal(-32022, (int?)error["code"]);
        Assert.Equal("2099-01-01", (string?)error["data"]!["requested"]);
        Assert.Contains("2026-07-28", error["data"]!["supported"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Post_WithVersionHeaderOtherThanNegotiated_IsServedAtTheSessionsVersion_ByDefault()
    {
        // Mcp:ProtocolVersionHeaders=Tolerant (default); Strict's 400 is in ClaudeVersionHeaderReplayTests.
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, version: "2025-06-18");

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":4,"method":"ping"}""", sessionId, "2025-03-26"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-06-18", McpHttp.Header(response, "MCP-Protocol-Version"));
    }

    [Fact]
    public async Task Post_WithoutVersionHeader_IsServedOnTheSessionsVersion()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, version: "2025-06-18");

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":4,"method":"ping"}""", sessionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-06-18", McpHttp.Header(response, "MCP-Protocol-Version"));
    }

    [Fact]
    public async Task Post_WithNonJsonContentType_Returns415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(McpHttp.InitializeBody, Encoding.UTF8, "text/plain") };

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.NotNull((await McpHttp.ReadJsonAsync(response))["error"]);
    }

    [Fact]
    public async Task Post_WithAcceptThatExcludesJson_Returns406()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody, accept: "text/html"));

        await McpHttp.AssertJsonRpcErrorAsync(response, HttpStatusCode.NotAcceptable, -32600, "Not Acceptable: the Accept header must allow application/json.");
        Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/event-stream")]
    [InlineData("")]
    public async Task Post_WithAcceptThatAllowsJson_IsServed(string accept)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody, accept: accept));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", McpHttp.ContentType(response)?.MediaType);
        Assert.Equal("2025-06-18", (string?)(await McpHttp.ReadJsonAsync(response))["result"]?["protocolVersion"]);
        Assert.NotNull(McpHttp.Header(response, "Mcp-Session-Id"));
    }

    [Fact]
    public async Task Post_OverTheSizeLimit_Returns413()
    {
        var padding = new string('x', 5000);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", PingWithPadding(padding)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotNull((await McpHttp.ReadJsonAsync(response))["error"]);
    }

    [Fact]
    public async Task Post_OverTheSizeLimit_Chunked_Returns413()
    {
        var padding = new string('x', 5000);
        var request = McpHttp.Post("/mcp", PingWithPadding(padding));
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(await request.Content!.ReadAsStringAsync())));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await _app.Client.SendAsync(request);

        await McpHttp.AssertJsonRpcErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, -32600, "Payload Too Large: the body exceeds");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,")]
    public async Task Post_MalformedJson_Returns400_ParseError_WithNullId(string body)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32700, (int?)json["error"]!["code"]);
        Assert.Null(json["id"]);
        Assert.True(json.AsObject().ContainsKey("id"));
    }

    [Theory]
    [InlineData("""{"id":9,"method":"initialize"}""", 9)]
    [InlineData("""{"jsonrpc":"1.0","id":9,"method":"initialize"}""", 9)]
    [InlineData("""{"jsonrpc":"2.0","id":9,"method":42}""", 9)]
    [InlineData("""{"jsonrpc":"2.0","id":9,"method":"ping","params":[1,2]}""", 9)]
    [InlineData("""{"jsonrpc":"2.0","id":9}""", 9)]
    [InlineData("42", null)]
    [InlineData("[]", null)]
    [InlineData("""{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}""", null)]
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"initialize"}""", null)]
    public async Task Post_NotJsonRpc_Returns400_InvalidRequest(string body, int? expectedId)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32600, (int?)json["error"]!["code"]);
        Assert.Equal(expectedId, (int?)json["id"]);
    }

    [Fact]
    public async Task Post_UnknownMethod_Returns200_WithMethodNotFound_EchoingTheId()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":"abc","method":"no/such/method"}""", sessionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32601, (int?)json["error"]!["code"]);
        Assert.Equal("abc", (string?)json["id"]);
    }

    [Fact]
    public async Task Post_BadToolParams_Returns_InvalidParams()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":17}}""", sessionId));

        var json = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(-32602, (int?)json["error"]!["code"]);
        Assert.Equal(11, (int?)json["id"]);
    }

    [Fact]
    public async Task Batch_OnA2025_03_26Session_IsAnsweredAsAnArray()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, version: "2025-03-26");

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """
            [{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}},{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"bad":true}]
            """, sessionId, "2025-03-26"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await McpHttp.ReadJsonAsync(response)).AsArray();
        Assert.Equal(3, json.Count);
        Assert.Equal(1, (int?)json[0]!["id"]);
        Assert.NotNull(json[1]!["result"]!["tools"]);
        Assert.Equal(-32600, (int?)json[2]!["error"]!["code"]);
    }

    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Batch_OnLaterVersions_IsRejected(string version)
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, version: version);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", sessionId, version));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, (int?)(await McpHttp.ReadJsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task Post_OnlyResponses_Returns202()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);

        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":"srv-1","result":{}}""", sessionId));

        await McpHttp.AssertAcceptedAndEmptyAsync(response);
    }

    [Fact]
    public async Task Delete_WithoutSession_Returns400_AndUnknown404()
    {
        using var missing = await _app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/mcp"));
        using var unknownRequest = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        unknownRequest.Headers.Add("Mcp-Session-Id", "unknown");
        using var unknown = await _app.Client.SendAsync(unknownRequest);

        await McpHttp.AssertJsonRpcErrorAsync(missing, HttpStatusCode.BadRequest, -32600, "Bad Request: Mcp-Session-Id header is required");
        await McpHttp.AssertJsonRpcErrorAsync(unknown, HttpStatusCode.NotFound, -32600, "Session not found");
    }

    private static string PingWithPadding(string padding) => $$"""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"{{padding}}"} }""";

    [Fact]
    public async Task Logs_NeverContainAFullSessionId()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client);
        using var _ = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId));

        Assert.DoesNotContain(sessionId, _app.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains(sessionId[..8], _app.Logs.AllText, StringComparison.Ordinal);
    }
}
