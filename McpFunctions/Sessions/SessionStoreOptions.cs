namespace McpFunctions.Sessions;

/// <summary>Session store settings, bound from the <c>Sessions</c> section (app setting <c>Sessions__TableName</c>...).</summary>
internal sealed class SessionStoreOptions
{
    public const string SectionName = "Sessions";

    /// <summary>The Table Storage table holding session rows. Default <c>McpSessions</c>.</summary>
    public string TableName { get; set; } = "McpSessions";

    /// <summary>
    /// The most sessions the in-memory store keeps before evicting the one closest to expiry.
    /// Default 10,000: a bound so that clients which never delete their sessions cannot grow the
    /// process without limit. An evicted client gets 404 and re-initializes, as the spec intends.
    /// </summary>
    public int MaxInMemorySessions { get; set; } = 10_000;

    /// <summary>
    /// How long this instance reuses a session it has read or written before reading it from the store again.
    /// Default 5 seconds: a burst of requests on one session costs one storage read, not one each. The price is that a
    /// session deleted, or its log level changed, through another instance is seen here that much later; expiry, the
    /// binding to a user and every update stay exact (updates are ETag-guarded and re-read on conflict). Zero turns the
    /// reuse off.
    /// </summary>
    public TimeSpan ReadCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
