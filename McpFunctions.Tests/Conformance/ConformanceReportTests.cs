namespace McpFunctions.Tests.Conformance;

/// <summary>The runner's verdict: a failure passes only when the baseline names it, and the baseline only shrinks deliberately.</summary>
public sealed class ConformanceReportTests
{
    private static readonly ConformanceBaseline Baseline = ConformanceBaseline.Parse("""
        {
          "about": "notes are ignored",
          "expectedFailures": {
            "2025-11-25": {
              "prompts-list": "prompts are not dispatched yet",
              "ping": "listed, but ping passes",
              "retired-scenario": "no longer in the suite"
            }
          }
        }
        """);

    [Fact]
    public void Classify_FailureCheck_FailsTheScenario_WithItsIdAndMessage()
    {
        var result = ConformanceRunner.Classify("tools-list", """
            [
              {"id": "tools-list", "status": "SUCCESS"},
              {"id": "tools-list-schema", "status": "FAILURE", "errorMessage": "Tool 0: missing description"}
            ]
            """);

        Assert.Equal(ConformanceScenarioStatus.Failed, result.Status);
        Assert.Equal(["tools-list-schema: Tool 0: missing description"], result.Failures);
    }

    [Theory]
    [InlineData("""[{"id": "a", "status": "SUCCESS"}, {"id": "b", "status": "INFO"}, {"id": "c", "status": "WARNING"}]""", nameof(ConformanceScenarioStatus.Passed))]
    [InlineData("""[{"id": "a", "status": "INFO"}, {"id": "b", "status": "SKIPPED"}]""", nameof(ConformanceScenarioStatus.NoChecks))]
    [InlineData("""[]""", nameof(ConformanceScenarioStatus.NoChecks))]
    public void Classify_PassRequiresASuccessAndNoFailure(string checks, string expected)
    {
        Assert.Equal(expected, ConformanceRunner.Classify("scenario", checks).Status.ToString());
    }

    [Fact]
    public void Problems_ListUnexpectedFailures_PassingBaselineEntries_AndEntriesThatDidNotRun()
    {
        var run = Run(
            "2025-11-25",
            Passed("ping"),
            Failed("prompts-list", "prompts-list: Failed: MCP error -32601"),
            Failed("resources-list", "resources-list: Failed: MCP error -32601"),
            Passed("tools-list"));

        var problems = ConformanceReport.Problems([run], Baseline);

        Assert.Equal(
            [
                "2025-11-25 / ping: passes but is listed in expected-failures.json; remove the entry.",
                "2025-11-25 / resources-list: fail: resources-list: Failed: MCP error -32601",
                "2025-11-25 / retired-scenario: listed in expected-failures.json but did not run at that revision; remove the entry.",
            ],
            problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Problems_IncludeRunErrors_AndBaselineRevisionsThatDidNotRun()
    {
        var run = new ConformanceRunResult("2025-06-18", [], ["2025-06-18: the conformance CLI ran no scenario."], "/tmp/out");

        var problems = ConformanceReport.Problems([run], Baseline);

        Assert.Contains("2025-06-18: the conformance CLI ran no scenario.", problems);
        Assert.Contains("2025-11-25 / prompts-list: listed in expected-failures.json but did not run at that revision; remove the entry.", problems);
    }

    [Fact]
    public void ToMarkdown_HasOneRowPerScenario_AndOneColumnPerRevision()
    {
        var runs = new[]
        {
            Run("2025-06-18", Passed("ping")),
            Run("2025-11-25", Passed("ping"), Failed("prompts-list", "prompts-list: Failed: MCP error -32601"), Failed("resources-list", "x: y")),
        };

        var markdown = ConformanceReport.ToMarkdown(runs, Baseline);

        Assert.Contains("| scenario | 2025-06-18 | 2025-11-25 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| ping | pass | **unexpected pass** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| prompts-list | – | expected (fail) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| resources-list | – | **FAIL** |", markdown, StringComparison.Ordinal);
        Assert.Contains("- 2025-11-25 / prompts-list (expected: prompts are not dispatched yet): fail: prompts-list: Failed: MCP error -32601", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_EntryWithoutAReason_IsRejected()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ConformanceBaseline.Parse("""{"expectedFailures": {"2025-11-25": {"ping": ""}}}"""));

        Assert.Contains("2025-11-25 / ping", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckedInBaseline_Parses_AndNamesOnlyRevisionsTheSuiteRuns()
    {
        var baseline = ConformanceBaseline.Load(ConformanceBaseline.DefaultPath);

        Assert.All(baseline.ExpectedFailures.Keys, version => Assert.Contains(version, ConformanceRun.All.Select(r => r.Version)));
    }

    private static ConformanceRunResult Run(string version, params ConformanceScenarioResult[] scenarios) => new(version, scenarios, [], "/tmp/out");

    private static ConformanceScenarioResult Passed(string scenario) => new(scenario, ConformanceScenarioStatus.Passed, []);

    private static ConformanceScenarioResult Failed(string scenario, string message) => new(scenario, ConformanceScenarioStatus.Failed, [message]);
}
