using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// MCP Inspector's non-interactive CLI (<c>@modelcontextprotocol/inspector-cli</c> 1.0.3, the newest line
/// that runs on Node 20) against the real app over Streamable HTTP: what a developer sees when they point
/// the Inspector at this server.
/// </summary>
public sealed class InspectorCliTests
{
    private const string PackageName = "@modelcontextprotocol/inspector-cli";

    // McpFunctions.Sessions.SessionManager: "Created MCP session ... (protocol ..., client <name>)".
    private const int SessionCreatedEventId = 1101;
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task ToolsList_PrintsTheFourCalculatorTools_WithInputSchemas()
    {
        // Arrange
        await using var app = await TestApp.StartAsync();

        // Act
        var run = await RunInspectorAsync(app, "--method", "tools/list");

        // Assert
        Assert.True(run.ExitCode == 0, run.Describe());
        var tools = ParseStdout(run)["tools"]!.AsArray();
        Assert.Equal<string>(
            ["mcp_execute", "mcp_get_info", "mcp_list", "mcp_search"],
            tools.Select(t => (string)t!["name"]!).Order(StringComparer.Ordinal));
        var execute = tools.Single(t => (string?)t!["name"] == "mcp_execute")!;
        Assert.Equal("object", (string?)execute["inputSchema"]!["type"]);
        Assert.NotNull(execute["inputSchema"]!["properties"]!["calculatorId"]);
        Assert.NotNull(execute["inputSchema"]!["properties"]!["inputs"]);

        // The CLI identifies itself from its own package.json; the session is created under that name.
        Assert.True(
            app.Logs.Lines.Any(l => l.EventId.Id == SessionCreatedEventId && l.Message.Contains("client inspector-cli", StringComparison.Ordinal)),
            app.Logs.AllText);
    }

    [Fact]
    public async Task ToolsCall_McpList_PrintsCatalogueResult()
    {
        // Arrange
        await using var app = await TestApp.StartAsync();

        // Act
        var run = await RunInspectorAsync(app, "--method", "tools/call", "--tool-name", "mcp_list");

        // Assert
        Assert.True(run.ExitCode == 0, run.Describe());
        var result = ParseStdout(run);
        Assert.NotEqual(true, (bool?)result["isError"]);
        var ids = result["structuredContent"]!["calculators"]!.AsArray().Select(c => (string?)c!["id"]).ToArray();
        Assert.Contains("bmi", ids);
        var text = (string?)result["content"]![0]!["text"];
        Assert.Equal("text", (string?)result["content"]![0]!["type"]);
        Assert.Contains("\"bmi\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsCall_McpExecute_WithToolArgs_PrintsBmi()
    {
        // Arrange: --tool-arg values are parsed as JSON where they can be, so inputs arrives as an object.
        await using var app = await TestApp.StartAsync();

        // Act
        var run = await RunInspectorAsync(
            app,
            "--method", "tools/call",
            "--tool-name", "mcp_execute",
            "--tool-arg", "calculatorId=bmi", """inputs={"weight":70,"weightUnit":"kg","height":175,"heightUnit":"cm"}""");

        // Assert
        Assert.True(run.ExitCode == 0, run.Describe());
        var result = ParseStdout(run);
        Assert.NotEqual(true, (bool?)result["isError"]);
        var bmi = result["structuredContent"]!["results"]![0]!;
        Assert.Equal("bmi", (string?)bmi["name"]);
        Assert.Equal(22.86, (double?)bmi["value"]);
    }

    [Fact]
    public async Task ToolsCall_UnknownTool_ExitsNonZero_WithTheServersMessage()
    {
        // Arrange
        await using var app = await TestApp.StartAsync();

        // Act
        var run = await RunInspectorAsync(app, "--method", "tools/call", "--tool-name", "no_such_tool");

        // Assert: the CLI turns the JSON-RPC error into a non-zero exit and prints the server's message.
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("-32602", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("no_such_tool", run.StandardError, StringComparison.Ordinal);
    }

    private static Task<NodeProcessResult> RunInspectorAsync(TestApp app, params string[] methodArguments)
    {
        var package = RepositoryPaths.RequireNodePackage(PackageName);
        var build = Path.Combine(package, "build");

        // The CLI probes for its package.json with a path relative to the working directory but imports it
        // relative to its own file; run it from its build folder so both resolve to the same file.
        return NodeProcess.RunAsync(
            Path.Combine(build, "cli.js"),
            ["--cli", new Uri(app.BaseAddress, "mcp").ToString(), "--transport", "http", .. methodArguments],
            CliTimeout,
            workingDirectory: build);
    }

    private static JsonObject ParseStdout(NodeProcessResult run)
    {
        try
        {
            return JsonNode.Parse(run.StandardOutput)!.AsObject();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidOperationException("The Inspector CLI did not print one JSON document; " + run.Describe(), ex);
        }
    }
}
