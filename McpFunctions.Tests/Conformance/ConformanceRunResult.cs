namespace McpFunctions.Tests.Conformance;

/// <summary>Everything one run of the CLI left: per-scenario results in the order they ran, and run-level problems.</summary>
internal sealed record ConformanceRunResult(
    string Version,
    IReadOnlyList<ConformanceScenarioResult> Scenarios,
    IReadOnlyList<string> RunErrors,
    string OutputDirectory)
{
    public ConformanceScenarioResult? Find(string scenario) => Scenarios.FirstOrDefault(s => s.Scenario == scenario);
}
