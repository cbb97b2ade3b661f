namespace McpFunctions.Storage;

/// <summary>
/// How long a request may wait on Table Storage, bound from the <c>Storage</c> section
/// (app settings <c>Storage__OperationBudget</c>, <c>Storage__NetworkTimeout</c>...). Storage trouble is the
/// server's problem: when an operation cannot finish within <see cref="OperationBudget"/> the request is answered
/// 503 with <c>Retry-After</c> instead of hanging for the library's 100-second default (DESIGN.md §3).
/// </summary>
internal sealed class TableStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The most one storage operation may take, retries and table creation included; past it the operation is
    /// abandoned and the request answered 503. Default 5 seconds: a healthy point read takes milliseconds, and MCP
    /// clients time out requests after tens of seconds, so failing fast leaves them time to retry.
    /// </summary>
    public TimeSpan OperationBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most one attempt may wait for the service (Azure.Core's network timeout, default 100 s). Default 2 seconds.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries of an attempt that failed with a network error, 408, 429 or 5xx. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones back off exponentially (with jitter) up to 1 second. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The <c>Retry-After</c> a client gets with a 503 while storage is unavailable. Default 5 seconds.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
