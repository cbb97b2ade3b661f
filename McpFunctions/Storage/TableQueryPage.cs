using Azure.Data.Tables;

namespace McpFunctions.Storage;

/// <summary>One page of a query; <see cref="Continuation"/> (opaque, the library's token) is null on the last page.</summary>
internal sealed record TableQueryPage(IReadOnlyList<TableEntity> Entities, string? Continuation);
