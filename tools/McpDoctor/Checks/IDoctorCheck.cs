namespace McpDoctor.Checks;

/// <summary>One stage of the report; adds its findings to the context and records what later stages need.</summary>
internal interface IDoctorCheck
{
    Task RunAsync(DoctorContext context, CancellationToken cancellationToken);
}
