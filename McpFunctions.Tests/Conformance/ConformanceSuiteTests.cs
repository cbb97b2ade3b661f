using McpFunctions.Tests.TestSupport;
using Xunit.Abstractions;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in package.json) against
/// the published worker behind the local Functions host, as Azure runs it, with the conformance fixtures added by
/// <see cref="WorkerTestServices"/>; a fresh host per protocol revision. Every scenario must pass except those
/// in <c>expected-failures.json</c>, and every entry there must still fail. The scenario × revision table is
/// written to the test output.
/// </summary>
public sealed class ConformanceSuiteTests(ITestOutputHelper output, WorkerHosts hosts) : IClassFixture<WorkerHosts>
{
    /// <summary>
    /// Once per <c>Mcp:ProtocolVersionHeaders</c> mode: Strict against <c>expected-failures.json</c> (the letter of the
    /// spec), Tolerant (the default) against it with <c>expected-failures.tolerant.json</c> applied.
    /// </summary>
    [Theory]
    [InlineData("Strict")]
    [InlineData("Tolerant")]
    public async Task ConformanceSuite_PassesEveryScenario_ExceptTheCheckedInBaseline(string protocolVersionHeaders)
    {
        // Arrange
        var baseline = ConformanceBaseline.Load(ConformanceBaseline.DefaultPath);
        if (protocolVersionHeaders == "Tolerant")
        {
            baseline = baseline.WithTolerantOverlay(File.ReadAllText(ConformanceBaseline.TolerantOverlayPath));
        }

        var results = new List<ConformanceRunResult>();

        // Act
        foreach (var run in ConformanceRun.All)
        {
            await using var app = await hosts.StartAsync(new Dictionary<string, string?>(WorkerTestServices.ConformanceSettings)
            {
                ["Mcp__ProtocolVersionHeaders"] = protocolVersionHeaders,
            });
            var outputDirectory = Path.Combine(AppContext.BaseDirectory, "conformance-results", protocolVersionHeaders, run.Version);
            results.Add(await ConformanceRunner.RunAsync(run, new Uri(app.BaseAddress, "mcp"), outputDirectory));
        }

        // Assert
        output.WriteLine($"Mcp:ProtocolVersionHeaders={protocolVersionHeaders}");
        output.WriteLine(ConformanceReport.ToMarkdown(results, baseline));
        var problems = ConformanceReport.Problems(results, baseline);
        Assert.True(problems.Count == 0, $"{problems.Count} conformance problem(s) with Mcp:ProtocolVersionHeaders={protocolVersionHeaders}:\n{string.Join('\n', problems)}");
    }
}
