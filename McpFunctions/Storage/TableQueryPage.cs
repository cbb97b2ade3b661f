namespace McpFunctions.Storage;

/// <summary>One page of a query; <see cref="Continuation"/> is null on the last page.</summary>
internal sealed record TableQueryPage(IReadOnlyList<TableEntity> Entities, TableContinuationToken? Continuation);
