namespace McpDoctor.Http;

/// <summary>Bounds on every request the doctor makes, so a hostile or broken target ends in a finding, never a hang.</summary>
internal sealed record ProbeLimits
{
    /// <summary>One request, from sending to the last byte of its body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole run (the interactive sign-in has its own wait on top).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Metadata and JSON-RPC answers are small; anything past this is cut and reported.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    public int MaxRedirects { get; init; } = 5;
}
