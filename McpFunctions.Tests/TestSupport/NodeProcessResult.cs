namespace McpFunctions.Tests.TestSupport;

/// <summary>What a finished node process left behind.</summary>
internal sealed record NodeProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>Everything a failure message needs to explain itself.</summary>
    public string Describe() =>
        $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
