namespace McpFunctions.Maintenance;

/// <summary>The purge of one table in one run.</summary>
/// <param name="Deleted">Expired rows deleted.</param>
/// <param name="Renewed">Rows changed between the query and the delete (412): kept, since a renewed row is live again.</param>
/// <param name="AlreadyGone">Rows deleted by someone else meanwhile (404).</param>
/// <param name="LimitReached">True when <see cref="ExpiredRowPurgeOptions.MaxBatchesPerRun"/> stopped the run before the table was done.</param>
/// <param name="Failed">True when the Table service failed; the run went on with the next table.</param>
internal sealed record PurgeTableResult(string TableName, int Deleted, int Renewed, int AlreadyGone, bool LimitReached, bool Failed);
