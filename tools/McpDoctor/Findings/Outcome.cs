namespace McpDoctor.Findings;

/// <summary>How one check ended. Only <see cref="Fail"/> makes the doctor exit non-zero.</summary>
internal enum Outcome
{
    Pass,
    Warn,
    Fail,

    /// <summary>Not checked, with the reason (no token, a stage before it failed, a flag not given).</summary>
    Skip,
}
