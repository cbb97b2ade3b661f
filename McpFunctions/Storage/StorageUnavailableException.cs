using McpFunctions.Hosting;

namespace McpFunctions.Storage;

/// <summary>
/// Table Storage could not answer within the operation budget: connection refused, a stall, a 5xx or throttling
/// that outlasted the retries, or a credential that could not get a token. The server's problem, not the client's:
/// the MCP endpoint answers 503 with a JSON-RPC error and the OAuth endpoints <c>temporarily_unavailable</c>
/// (RFC 6749 §4.1.2.1), both with <c>Retry-After</c> <see cref="RetryAfter"/>. The message names the operation and
/// the table only; it is for logs, never for a client. Endpoints that know their protocol answer it themselves;
/// anywhere else the one exception boundary answers it as an <see cref="IHttpStatusFault"/> (503 + Retry-After).
/// </summary>
internal sealed class StorageUnavailableException(string operation, string tableName, TimeSpan retryAfter, Exception? innerException)
    : Exception($"Table storage is unavailable: {operation} on table {tableName} did not complete.", innerException), IHttpStatusFault
{
    public string Operation { get; } = operation;

    public string TableName { get; } = tableName;

    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Whole seconds for the <c>Retry-After</c> header (RFC 9110 §10.2.3), at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    int IHttpStatusFault.StatusCode => StatusCodes.Status503ServiceUnavailable;

    TimeSpan? IHttpStatusFault.RetryAfter => TimeSpan.FromSeconds(RetryAfterSeconds);
}
