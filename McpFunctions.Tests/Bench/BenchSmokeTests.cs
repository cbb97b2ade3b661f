using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Bench;

/// <summary>
/// Keeps <c>bench/</c> from rotting: <c>bench/run.sh --quick</c> drives the published app (this run's
/// <see cref="PublishedApp"/>) and the TypeScript SDK server through scenarios 1–5 for a second each — JWT from
/// oidc-provider, Azurite behind the counting proxy, userinfo tokens — and must answer every request and write its
/// report. No timing is asserted: the numbers of a seconds-long run on a busy test machine mean nothing.
/// </summary>
[Collection(PublishedAppCollectionDefinition.Name)]
public sealed class BenchSmokeTests(PublishedApp published)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task QuickRun_AnswersEveryRequestOfEachContender_AndWritesTheReport()
    {
        // Arrange
        var output = Directory.CreateTempSubdirectory("mcpfunctions-bench-smoke-").FullName;
        try
        {
            // Act
            var (exitCode, log) = await RunAsync(
                "bash",
                [
                    RepositoryPaths.InRoot("bench", "run.sh"), "--quick", "--warmup", "4",
                    "--scenarios", "s1,s2,s3,s4,s5", "--tools", "mcp_search", "--contenders", "mcp,ts",
                    "--mcp-dir", published.Directory, "--out", output,
                ]);

            // Assert
            Assert.True(exitCode == 0, $"bench/run.sh exited {exitCode}:\n{log}");
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "latest.json")))!;
            var scenarios = report["scenarios"]!.AsArray().ToDictionary(s => (string)s!["id"]!, s => s!);
            Assert.Equal(["S1", "S2", "S3", "S4", "S5"], scenarios.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, scenario) in scenarios)
            {
                foreach (var contender in scenario["contenders"]!.AsArray())
                {
                    var label = $"{id} {(string?)contender!["label"]}";
                    Assert.True((int)contender["summary"]!["failures"]! == 0, $"{label}: {contender["summary"]!["firstFailure"]}\n{log}");
                    Assert.True(contender["runs"]!.AsArray().Sum(r => (long)r!["requests"]!) > 0, $"{label} served no request\n{log}");
                }
            }

            Assert.Contains(scenarios["S1"]["contenders"]!.AsArray(), c => (string?)c!["kind"] == "ts");
            // Counting works: a legacy tools/call reads its session at most once; a 2026-07-28 one never touches storage.
            var storage = scenarios["S2"]["contenders"]!.AsArray().ToDictionary(c => (string)c!["kind"]!, c => c!["summary"]!["storageRequestsPerRequest"]?["median"]);
            Assert.True((double?)storage["mcp-table"] is >= 0 and <= 1.0, $"storage requests per legacy call: {storage["mcp-table"]}\n{log}");
            Assert.Equal(0.0, (double?)storage["mcp-table-modern"]);
            Assert.Equal(1.0, (double?)scenarios["S5"]["cold"]!["userinfoCallsPerToken"]);
            Assert.Contains("### S1:", await File.ReadAllTextAsync(Path.Combine(output, "latest.md")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>Runs a command to completion within <see cref="RunTimeout"/> (killing its whole tree on the deadline).</summary>
    private static async Task<(int ExitCode, string Log)> RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("NODE_OPTIONS");
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start `{fileName}`: the bench needs bash, Node.js 20+ and the .NET SDK on PATH.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(RunTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bench/run.sh did not finish within {RunTimeout.TotalMinutes:F0} minutes and was killed.");
            }

            var output = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
            return (process.ExitCode, output[0] + output[1]);
        }
    }
}
