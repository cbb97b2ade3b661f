using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// The official MCP TypeScript SDK's OAuth client against the worker behind the local Functions host, as Azure
/// runs it: the whole flow through the façade with the development sign-in — 401 → metadata → registration → consent
/// → sign-in → token → tools → refresh. (The SDK's session lifecycle through the worker: <see cref="TypeScriptSdkClientTests"/>.)
/// </summary>
[Collection(WorkerOutputCollectionDefinition.Name)]
public sealed class WorkerEndToEndTests(WorkerOutput worker)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SdkOAuthClient_WithTheDevelopmentSignIn_GoesFrom401ToToolResults_AndRefreshes_ThroughTheWorker()
    {
        // Arrange
        RepositoryPaths.RequireNodePackage("@modelcontextprotocol/sdk");
        await using var app = await WorkerApp.StartAsync(worker, new Dictionary<string, string?>
        {
            ["Auth__Mode"] = "Facade",
            ["Facade__Upstream__Kind"] = "Development",
        });
        var issuer = app.BaseAddress.ToString().TrimEnd('/');
        var mcpUrl = issuer + "/mcp";
        var redirectUrl = $"http://127.0.0.1:{LocalFunctionsHostProcess.FreePort().ToString(CultureInfo.InvariantCulture)}/callback";

        // Act
        var run = await NodeProcess.RunAsync(
            RepositoryPaths.InRoot("e2e", "facade", "sdk-oauth-client.mjs"),
            [mcpUrl, JsonSerializer.Serialize(new { mode = "dcr", redirectUrl, subject = "worker-user" })],
            ScriptTimeout);

        // Assert
        Assert.True(run.ExitCode == 0, run.Describe());
        var observed = JsonNode.Parse(run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last())!;
        var http = observed["http"]!.AsArray().Select(r => ((string)r!["path"]!, (int)r["status"]!, (string?)r["wwwAuthenticate"] ?? string.Empty)).ToList();
        Assert.Equal(("/mcp", 401), (http[0].Item1, http[0].Item2));
        Assert.Contains($"resource_metadata=\"{issuer}/.well-known/oauth-protected-resource/mcp\"", http[0].Item3, StringComparison.Ordinal);
        Assert.Contains(http, r => r.Item1 == "/.well-known/oauth-authorization-server" && r.Item2 == 200);
        Assert.Contains(http, r => r.Item1 == "/register" && r.Item2 == 201);
        Assert.Contains(http, r => r.Item1 == "/token" && r.Item2 == 200);
        Assert.Equal("S256", (string?)observed["authorizationRequest"]!["code_challenge_method"]);
        Assert.Equal(mcpUrl, (string?)observed["authorizationRequest"]!["resource"]);
        Assert.Contains(observed["browser"]!.AsArray(), step => (string?)step!["form"] == "dev-sign-in");
        Assert.Equal(issuer, (string?)observed["callback"]!["iss"]);
        Assert.Equal("mcp:read mcp:execute", (string?)observed["tokens"]!["scope"]);
        Assert.False((bool?)observed["toolCall"]!["isError"]);
        Assert.True((bool?)observed["refreshed"]!["rotated"], run.Describe());
        Assert.True((int?)observed["toolCountAfterRefresh"] > 0);
        await app.Host.WaitForOutputAsync(l => l.Contains("subject dev|worker-user", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }
}
