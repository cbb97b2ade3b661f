namespace McpFunctions.Tests.Conformance;

/// <summary>How one scenario ended in one run, read from its <c>checks.json</c>.</summary>
internal enum ConformanceScenarioStatus
{
    /// <summary>At least one SUCCESS check and no FAILURE.</summary>
    Passed,

    /// <summary>At least one FAILURE check.</summary>
    Failed,

    /// <summary>
    /// Ran but proved nothing: no SUCCESS or FAILURE check (only INFO/WARNING/SKIPPED, or none). Some
    /// scenarios report this even against a closed port, so it is not a pass.
    /// </summary>
    NoChecks,

    /// <summary>Announced by the CLI but left no <c>checks.json</c> (the scenario threw, or the run was killed).</summary>
    NoResult,
}
