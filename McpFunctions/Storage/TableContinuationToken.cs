namespace McpFunctions.Storage;

/// <summary>
/// Where a query stopped: the service's <c>x-ms-continuation-NextPartitionKey</c>/<c>NextRowKey</c>
/// values, passed back verbatim as the <c>NextPartitionKey</c>/<c>NextRowKey</c> query parameters.
/// They are opaque tokens, not keys, and may be returned even with an empty page.
/// </summary>
internal sealed record TableContinuationToken(string NextPartitionKey, string? NextRowKey);
