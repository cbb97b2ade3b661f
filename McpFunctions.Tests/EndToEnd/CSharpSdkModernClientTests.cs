using System.Collections.Concurrent;
using System.Net.Http;
using McpFunctions.Tests.TestSupport;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// The official C# SDK client (ModelContextProtocol.Core 2.3.1) speaking 2026-07-28 to the running app: it probes
/// with server/discover, then sends stateless requests with per-request metadata and the standard headers; and the
/// same client left to negotiate by itself. (The TypeScript SDK on npm, 1.x, speaks only the legacy revisions.)
/// </summary>
public sealed class CSharpSdkModernClientTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(HttpMethod Method, string? McpMethod, string? Version, string? SessionId, int Status)> _exchanges = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PinnedTo2026_07_28_DiscoversListsAndCallsTools_WithoutASession()
    {
        await using var client = await ConnectAsync("2026-07-28");

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("mcp_execute", new Dictionary<string, object?>
        {
            ["calculatorId"] = "bmi",
            ["inputs"] = new Dictionary<string, object?> { ["weight"] = 70, ["height"] = 175 },
        });

        Assert.Equal("mcp-functions", client.ServerInfo?.Name);
        Assert.Equal(["mcp_execute", "mcp_get_info", "mcp_list", "mcp_search"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.NotEqual(true, result.IsError);
        Assert.Contains("22.86", ((TextContentBlock)result.Content[0]).Text, StringComparison.Ordinal);
        var posts = _exchanges.Where(e => e.Method == HttpMethod.Post).ToList();
        Assert.Equal("server/discover", posts[0].McpMethod);
        Assert.All(posts, e => Assert.Equal("2026-07-28", e.Version));
        Assert.All(posts, e => Assert.Null(e.SessionId));
        Assert.DoesNotContain(posts, e => e.McpMethod == "initialize");
        Assert.All(posts, e => Assert.Equal(200, e.Status));
    }

    [Fact]
    public async Task UnpinnedClient_NegotiatesTheNewestRevision()
    {
        await using var client = await ConnectAsync(null);

        var tools = await client.ListToolsAsync();

        Assert.Equal(4, tools.Count);
        Assert.Equal("server/discover", _exchanges.First(e => e.Method == HttpMethod.Post).McpMethod);
        Assert.DoesNotContain(_exchanges, e => e.McpMethod == "initialize");
    }

    [Fact]
    public async Task UnknownTool_IsAProtocolError()
    {
        await using var client = await ConnectAsync("2026-07-28");

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("no_such_tool").AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
    }

    private async Task<McpClient> ConnectAsync(string? protocolVersion)
    {
        var http = new HttpClient(new RecordingHandler(_exchanges) { InnerHandler = new SocketsHttpHandler() }) { Timeout = TimeSpan.FromSeconds(30) };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(_app.BaseAddress, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http,
            loggerFactory: null,
            ownsHttpClient: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, loggerFactory: null, timeout.Token);
    }

    /// <summary>Records what the client sent and what it got, so the test can check the wire, not just the API.</summary>
    private sealed class RecordingHandler(ConcurrentQueue<(HttpMethod, string?, string?, string?, int)> exchanges) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            exchanges.Enqueue((
                request.Method,
                Header(request, "Mcp-Method"),
                Header(request, "MCP-Protocol-Version"),
                Header(request, "Mcp-Session-Id"),
                (int)response.StatusCode));
            return response;
        }

        private static string? Header(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
    }
}
