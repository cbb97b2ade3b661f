namespace McpFunctions.Maintenance;

/// <summary>One run of <see cref="ExpiredRowPurger.RunOnceAsync"/>: whether this instance purged, and what.</summary>
internal sealed record PurgeRunResult(PurgeRunOutcome Outcome, IReadOnlyList<PurgeTableResult> Tables)
{
    public static PurgeRunResult Skipped(PurgeRunOutcome outcome) => new(outcome, []);

    public int Deleted => Tables.Sum(table => table.Deleted);
}
