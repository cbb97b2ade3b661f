using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// The official MCP TypeScript SDK client (<c>e2e/sdk-client.mjs</c>) against the real app on Kestrel:
/// the whole legacy-era session lifecycle as SDK-based clients (Inspector, VS Code, Claude Desktop's
/// bridge) run it, from initialize to DELETE.
/// </summary>
public sealed class TypeScriptSdkClientTests
{
    // Event ids of the session story in McpFunctions.Sessions.SessionManager's log.
    private const int SessionCreatedEventId = 1101;
    private const int SessionInitializedEventId = 1103;
    private const int SessionTerminatedEventId = 1105;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(45);

    [Theory]
    [InlineData("mcp")]
    [InlineData("")]
    public async Task SdkClient_CompletesSessionLifecycle_AndCallsTools(string path)
    {
        // Arrange
        RepositoryPaths.RequireNodePackage("@modelcontextprotocol/sdk");
        await using var app = await TestApp.StartAsync();
        var url = new Uri(app.BaseAddress, path).ToString();

        // Act
        var run = await NodeProcess.RunAsync(RepositoryPaths.InRoot("e2e", "sdk-client.mjs"), [url], ScriptTimeout);

        // Assert
        Assert.True(run.ExitCode == 0, run.Describe());
        var observed = ParseSingleJsonLine(run);

        Assert.Equal("mcp-functions", (string?)observed["serverName"]);
        Assert.Equal("2025-11-25", (string?)observed["protocolVersion"]);
        Assert.True((bool?)observed["sessionIdPresent"], run.Describe());
        var sessionPrefix = (string?)observed["sessionIdPrefix"];
        Assert.False(string.IsNullOrEmpty(sessionPrefix));

        var toolNames = observed["toolNames"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal<string>(["mcp_execute", "mcp_get_info", "mcp_list", "mcp_search"], toolNames);

        var list = observed["toolResults"]!["mcp_list"]!;
        Assert.False((bool?)list["isError"]);
        Assert.Contains("\"bmi\"", (string?)list["text"], StringComparison.Ordinal);
        var calculatorIds = list["structuredContent"]!["calculators"]!.AsArray().Select(c => (string?)c!["id"]).ToArray();
        Assert.Contains("bmi", calculatorIds);

        var execute = observed["toolResults"]!["mcp_execute"]!;
        Assert.False((bool?)execute["isError"]);
        var bmi = execute["structuredContent"]!["results"]![0]!;
        Assert.Equal("bmi", (string?)bmi["name"]);
        Assert.Equal(22.86, (double?)bmi["value"]);
        Assert.Equal("kg/m²", (string?)bmi["unit"]);
        Assert.Contains("Normal range", (string?)execute["structuredContent"]!["interpretation"], StringComparison.Ordinal);
        Assert.Contains("22.86", (string?)execute["text"], StringComparison.Ordinal);

        // MCP server/tools "Error Handling": unknown tool → JSON-RPC -32602, not an isError result.
        Assert.Equal(-32602, (int?)observed["unknownTool"]!["code"]);
        Assert.Contains("no_such_tool", (string?)observed["unknownTool"]!["message"], StringComparison.Ordinal);

        Assert.Equal(204, (int?)observed["termination"]!["deleteStatus"]);
        Assert.True((bool?)observed["termination"]!["ok"]);
        Assert.True((bool?)observed["termination"]!["sessionIdCleared"]);

        // The optional GET stream is started without waiting for it, so it may land anywhere after the handshake.
        var exchanges = observed["http"]!.AsArray()
            .Select(h => $"{(string?)h!["method"]} {(string?)h["rpcMethod"] ?? "-"} {(int?)h["status"]}")
            .ToList();
        Assert.Single(exchanges, e => e == "GET - 405");
        Assert.Equal(
            [
                "POST initialize 200",
                "POST notifications/initialized 202",
                "POST tools/list 200",
                "POST tools/call 200",
                "POST tools/call 200",
                "POST tools/call 200",
                "DELETE - 204",
            ],
            exchanges.Where(e => !e.StartsWith("GET ", StringComparison.Ordinal)));

        // The operator's story: the same session created, initialized and ended, by its log prefix.
        AssertLogged(app.Logs, SessionCreatedEventId, sessionPrefix!, "mcpfunctions-e2e-sdk-client");
        AssertLogged(app.Logs, SessionInitializedEventId, sessionPrefix!);
        AssertLogged(app.Logs, SessionTerminatedEventId, sessionPrefix!);
    }

    [Fact]
    public async Task SdkClient_FailsWithNonZeroExit_WhenNoServerListens()
    {
        // Arrange: the script's own failure path, so a green run above means something.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // Act
        var run = await NodeProcess.RunAsync(RepositoryPaths.InRoot("e2e", "sdk-client.mjs"), [$"http://127.0.0.1:{port}/mcp"], ScriptTimeout);

        // Assert
        Assert.Equal(1, run.ExitCode);
        var observed = ParseSingleJsonLine(run);
        Assert.Empty(observed["steps"]!.AsArray());
        Assert.False(string.IsNullOrEmpty((string?)observed["error"]), run.Describe());
    }

    private static JsonObject ParseSingleJsonLine(NodeProcessResult run)
    {
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, "expected exactly one JSON line on stdout; " + run.Describe());
        return JsonNode.Parse(lines[0])!.AsObject();
    }

    private static void AssertLogged(CapturedLogs logs, int eventId, params string[] fragments)
    {
        var matching = logs.Lines.Where(l => l.EventId.Id == eventId && fragments.All(f => l.Message.Contains(f, StringComparison.Ordinal))).ToList();
        Assert.True(matching.Count == 1, $"expected one log line with event id {eventId} containing [{string.Join(", ", fragments)}]; log:\n{logs.AllText}");
    }
}
