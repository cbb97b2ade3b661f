using System.Net;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.ResourceServer;

/// <summary>
/// The default <c>strict</c> preset: every request is authenticated, initialize included (MCP authorization
/// 2025-06-18+), and every refusal carries a challenge a client can act on (RFC 6750 §3, RFC 9728 §5.1).
/// </summary>
public sealed class StrictPolicyTests : IAsyncLifetime
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";
    private TestApp _app = null!;
    private FakeTokenValidator _validator = null!;

    public async Task InitializeAsync() => (_app, _validator) = await ResourceServerTestApp.StartAsync("Strict");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/mcp", "https://mcp.example.org/.well-known/oauth-protected-resource/mcp")]
    [InlineData("/", "https://mcp.example.org/.well-known/oauth-protected-resource")]
    public async Task Initialize_WithoutToken_Is401_WithResourceMetadataAndScope(string path, string metadataUrl)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post(path, McpHttp.InitializeBody));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{metadataUrl}\", scope=\"mcp:read mcp:execute\"", McpHttp.Header(response, "WWW-Authenticate"));
        Assert.Equal(0, (int?)(await McpHttp.ReadJsonAsync(response))["id"]);
        Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
    }

    [Fact]
    public async Task EveryStep_WithoutToken_Is401()
    {
        var init = McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("alice.rx");
        using var initResponse = await _app.Client.SendAsync(init);
        var sessionId = McpHttp.Header(initResponse, "Mcp-Session-Id")!;

        using var initialized = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId));
        using var list = await _app.Client.SendAsync(McpHttp.Post("/mcp", ToolsList, sessionId));
        using var deleteRequest = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        deleteRequest.Headers.Add("Mcp-Session-Id", sessionId);
        using var delete = await _app.Client.SendAsync(deleteRequest);

        Assert.Equal(HttpStatusCode.OK, initResponse.StatusCode);
        Assert.All(new[] { initialized, list, delete }, r =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Contains("resource_metadata=", McpHttp.Header(r, "WWW-Authenticate"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task InvalidToken_Is401_InvalidToken()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("invalid"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = McpHttp.Header(response, "WWW-Authenticate")!;
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=\"https://mcp.example.org/.well-known/oauth-protected-resource/mcp\"", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityProviderDown_Is503_WithRetryAfter_NotA401()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("unavailable"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", McpHttp.Header(response, "Retry-After"));
        Assert.Null(McpHttp.Header(response, "WWW-Authenticate"));
        Assert.NotNull((await McpHttp.ReadJsonAsync(response))["error"]);
    }

    [Fact]
    public async Task ToolNeedingAScopeTheTokenLacks_Is403_InsufficientScope_NamingTheScope()
    {
        using var init = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("bob.r"));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;

        using var read = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"mcp_list","arguments":{}}}""", sessionId).WithToken("bob.r"));
        using var execute = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"mcp_execute","arguments":{"calculatorId":"bmi","inputs":{}}}}""", sessionId).WithToken("bob.r"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, execute.StatusCode);
        var challenge = McpHttp.Header(execute, "WWW-Authenticate")!;
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"mcp:execute\"", challenge, StringComparison.Ordinal);
        Assert.Equal(3, (int?)(await McpHttp.ReadJsonAsync(execute))["id"]);
    }

    [Fact]
    public async Task ToolNamedInAnotherSpelling_IsNotServed_SoItsScopeCannotBeSkipped()
    {
        using var init = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("bob.r"));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;

        // The scope check and the call resolve the tool once, from the same "name": a "Name" the argument binder might
        // accept names no tool the access decision checked, so it runs nothing.
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"Name":"mcp_execute","arguments":{"calculatorId":"bmi","inputs":{}}}}""", sessionId).WithToken("bob.r"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(4, (int?)body["id"]);
        Assert.Null(body["result"]);
        Assert.Equal(-32602, (int?)body["error"]!["code"]);
        Assert.Equal("Unknown tool: mcp_execute", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task TokenInTheQueryString_IsRefused()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp?access_token=alice.rx", McpHttp.InitializeBody));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_request\"", McpHttp.Header(response, "WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal(0, _validator.Calls);
    }

    [Fact]
    public async Task TwoAuthorizationHeaders_AreRefused()
    {
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer alice.rx", "Bearer mallory.rx"]);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _validator.Calls);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer \"quoted\"")]
    public async Task MalformedBearerValue_IsRefused(string value)
    {
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.TryAddWithoutValidation("Authorization", value);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Preflight_IsNeverChallenged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/mcp");
        request.Headers.Add("Origin", "https://claude.ai");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(McpHttp.Header(response, "WWW-Authenticate"));
    }

    [Fact]
    public async Task Challenge_IsReadableByBrowserClients()
    {
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.Add("Origin", "https://claude.ai");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("https://claude.ai", McpHttp.Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("WWW-Authenticate", McpHttp.Header(response, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The catalogue read as resources, through the prompt or by completion needs mcp:read, as mcp_list does; listing
    /// what exists needs only the token, as tools/list does.
    /// </summary>
    [Theory]
    [InlineData("resources/list", """{}""", true)]
    [InlineData("resources/read", """{"uri":"calculators://catalog"}""", true)]
    [InlineData("prompts/get", """{"name":"interpret-result","arguments":{"calculator":"bmi","result":"22.9"}}""", true)]
    [InlineData("completion/complete", """{"ref":{"type":"ref/prompt","name":"interpret-result"},"argument":{"name":"calculator","value":"b"}}""", true)]
    [InlineData("prompts/list", """{}""", false)]
    [InlineData("resources/templates/list", """{}""", false)]
    public async Task CatalogueContent_NeedsTheReadScope_ListingDoesNot(string method, string parameters, bool needsRead)
    {
        using var init = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("carol.x"));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;
        var body = $$"""{"jsonrpc":"2.0","id":7,"method":"{{method}}","params":{{parameters}}}""";

        using var executeOnly = await _app.Client.SendAsync(McpHttp.Post("/mcp", body, sessionId).WithToken("carol.x"));
        using var withRead = await _app.Client.SendAsync(McpHttp.Post("/mcp", body, sessionId).WithToken("carol.rx"));

        Assert.Equal(HttpStatusCode.OK, withRead.StatusCode);
        Assert.NotNull((await McpHttp.ReadJsonAsync(withRead))["result"]);
        if (needsRead)
        {
            Assert.Equal(HttpStatusCode.Forbidden, executeOnly.StatusCode);
            var challenge = McpHttp.Header(executeOnly, "WWW-Authenticate")!;
            Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
            Assert.Contains("scope=\"mcp:read\"", challenge, StringComparison.Ordinal);
            Assert.Equal(7, (int?)(await McpHttp.ReadJsonAsync(executeOnly))["id"]);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, executeOnly.StatusCode);
            Assert.NotNull((await McpHttp.ReadJsonAsync(executeOnly))["result"]);
        }
    }

    [Fact]
    public async Task Logs_NeverContainTheToken()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody).WithToken("alice.rx"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("alice.rx", _app.Logs.AllText, StringComparison.Ordinal);
    }
}
