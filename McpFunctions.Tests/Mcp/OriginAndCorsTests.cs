using System.Net;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Mcp;

/// <summary>DNS-rebinding protection (MCP transports: servers MUST validate Origin) and CORS for browser clients.</summary>
public sealed class OriginAndCorsTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(new Dictionary<string, string?>
    {
        ["Mcp:PublicBaseUrl"] = "https://mcp.example.org",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("http://claude.ai")]
    [InlineData("null")]
    public async Task Post_FromAForeignOrigin_Returns403(string origin)
    {
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.Add("Origin", origin);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull((await McpHttp.ReadJsonAsync(response))["error"]);
        Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
    }

    [Theory]
    [InlineData("https://claude.ai")]
    [InlineData("https://claude.com")]
    [InlineData("http://localhost:6274")]
    [InlineData("http://127.0.0.1:51234")]
    [InlineData("https://mcp.example.org")]
    public async Task Post_FromAnAllowedOrigin_IsServed_WithCorsHeaders(string origin)
    {
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.Add("Origin", origin);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, McpHttp.Header(response, "Access-Control-Allow-Origin"));
        var exposed = McpHttp.Header(response, "Access-Control-Expose-Headers");
        Assert.NotNull(exposed);
        Assert.Contains("Mcp-Session-Id", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("WWW-Authenticate", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("MCP-Protocol-Version", exposed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_WithoutOrigin_IsServed()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await McpHttp.ReadJsonAsync(response))["result"]?["serverInfo"]);
        Assert.NotNull(McpHttp.Header(response, "Mcp-Session-Id"));
        Assert.Null(McpHttp.Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_ListsTheMcpHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/mcp");
        request.Headers.Add("Origin", "http://localhost:6274");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://localhost:6274", McpHttp.Header(response, "Access-Control-Allow-Origin"));
        var allowedHeaders = McpHttp.Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant();
        foreach (var header in new[] { "authorization", "content-type", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id" })
        {
            Assert.Contains(header, allowedHeaders, StringComparison.Ordinal);
        }

        Assert.Contains("POST", McpHttp.Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_FromAForeignOrigin_GetsNoCorsGrant()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/mcp");
        request.Headers.Add("Origin", "https://evil.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await _app.Client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500);
        Assert.Null(McpHttp.Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Post_WithAForeignHost_IsRejected()
    {
        // The conformance suite's DNS-rebinding check sends Host: evil.example.com.
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.Host = "evil.example.com";

        using var response = await _app.Client.SendAsync(request);

        await McpHttp.AssertJsonRpcErrorAsync(response, HttpStatusCode.Forbidden, -32600, "Forbidden: Host not allowed.");
        Assert.Null(McpHttp.Header(response, "Mcp-Session-Id"));
    }

    [Theory]
    [InlineData("mcp.example.org")]
    [InlineData("127.0.0.1:7071")]
    [InlineData("localhost")]
    public async Task Post_WithThePublicOrLoopbackHost_IsServed(string host)
    {
        var request = McpHttp.Post("/mcp", McpHttp.InitializeBody);
        request.Headers.Host = host;

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
