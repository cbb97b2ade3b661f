using McpFunctions.Tests.TestSupport;
using Xunit.Abstractions;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, pinned in package.json) against
/// the real app with the conformance fixtures, once per protocol revision. Every scenario must pass except those
/// in <c>expected-failures.json</c>, and every entry there must still fail. The scenario × revision table is
/// written to the test output.
/// </summary>
public sealed class ConformanceSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConformanceSuite_PassesEveryScenario_ExceptTheCheckedInBaseline()
    {
        // Arrange
        var baseline = ConformanceBaseline.Load(ConformanceBaseline.DefaultPath);
        var results = new List<ConformanceRunResult>();

        // Act
        foreach (var run in ConformanceRun.All)
        {
            await using var app = await TestApp.StartAsync(configureServices: services => services.AddConformanceFixtures());
            var outputDirectory = Path.Combine(AppContext.BaseDirectory, "conformance-results", run.Version);
            results.Add(await ConformanceRunner.RunAsync(run, new Uri(app.BaseAddress, "mcp"), outputDirectory));
        }

        // Assert
        output.WriteLine(ConformanceReport.ToMarkdown(results, baseline));
        var problems = ConformanceReport.Problems(results, baseline);
        Assert.True(problems.Count == 0, $"{problems.Count} conformance problem(s):\n{string.Join('\n', problems)}");
    }
}
