using System.Net;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.ResourceServer;

/// <summary>
/// The <c>seed</c> preset reproduces the first seed's Authentication Matrix, one test per row; requests go
/// to <c>/</c> as in the seed.
/// </summary>
public sealed class SeedMatrixTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private FakeTokenValidator _validator = null!;

    public async Task InitializeAsync() => (_app, _validator) = await ResourceServerTestApp.StartAsync("Seed");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Row_Initialize_NeedsNoToken_AndIsNotValidated()
    {
        // Step 3.1: Claude sends its token with initialize, and the seed's server does not validate it.
        using var response = await _app.Client.SendAsync(McpHttp.Post("/", McpHttp.InitializeBody).WithToken("invalid"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(McpHttp.Header(response, "Mcp-Session-Id"));
        Assert.Equal(0, _validator.Calls);
    }

    [Fact]
    public async Task Row_InitializedNotification_NeedsOnlyTheSession()
    {
        using var init = await _app.Client.SendAsync(McpHttp.Post("/", McpHttp.InitializeBody));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;

        using var response = await _app.Client.SendAsync(McpHttp.Post("/", """{"method":"notifications/initialized","jsonrpc":"2.0"}""", sessionId, "2025-06-18"));
        using var noSession = await _app.Client.SendAsync(McpHttp.Post("/", """{"method":"notifications/initialized","jsonrpc":"2.0"}""", protocolVersion: "2025-06-18"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSession.StatusCode);
        Assert.Equal(0, _validator.Calls);
    }

    [Theory]
    [InlineData("tools/list", """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""")]
    [InlineData("tools/call", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"mcp_list","arguments":{}}}""")]
    public async Task Row_ToolMethods_NeedTokenAndSession(string method, string body)
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, "/");

        using var withoutToken = await _app.Client.SendAsync(McpHttp.Post("/", body, sessionId, "2025-06-18"));
        using var withoutSession = await _app.Client.SendAsync(McpHttp.Post("/", body, protocolVersion: "2025-06-18").WithToken("alice.rx"));
        using var withBoth = await _app.Client.SendAsync(McpHttp.Post("/", body, sessionId, "2025-06-18").WithToken("alice.rx"));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.StartsWith("Bearer resource_metadata=\"https://mcp.example.org/.well-known/oauth-protected-resource\"", McpHttp.Header(withoutToken, "WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withoutSession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withBoth.StatusCode);
        Assert.NotNull((await McpHttp.ReadJsonAsync(withBoth))["result"]);
        Assert.True(_app.Logs.Contains("MCP request: method=" + method));
    }

    [Fact]
    public async Task Row_Delete_NeedsOnlyTheSession()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, "/");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/");
        delete.Headers.Add("Mcp-Session-Id", sessionId);

        using var response = await _app.Client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, _validator.Calls);
    }

    [Fact]
    public async Task Row_Get_Is405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept", "text/event-stream");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.NotNull(McpHttp.Header(response, "Allow"));
    }

    [Fact]
    public async Task FirstTokenBindsTheSession_AndAnotherSubjectGets404()
    {
        var sessionId = await McpHttp.HandshakeAsync(_app.Client, "/");
        using var alice = await _app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId).WithToken("alice.rx"));

        using var mallory = await _app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId).WithToken("mallory.rx"));
        using var aliceAgain = await _app.Client.SendAsync(McpHttp.Post("/", """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", sessionId).WithToken("alice.r"));

        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mallory.StatusCode);
        Assert.Null((await McpHttp.ReadJsonAsync(mallory))["result"]);
        Assert.Equal(HttpStatusCode.OK, aliceAgain.StatusCode);
        Assert.True(_app.Logs.Contains("bound to subject alice"));
    }
}
