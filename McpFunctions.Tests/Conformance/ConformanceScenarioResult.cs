namespace McpFunctions.Tests.Conformance;

/// <summary>One scenario's outcome in one run, with the failing checks' messages (<c>check-id: errorMessage</c>).</summary>
internal sealed record ConformanceScenarioResult(string Scenario, ConformanceScenarioStatus Status, IReadOnlyList<string> Failures)
{
    public bool Passed => Status == ConformanceScenarioStatus.Passed;
}
