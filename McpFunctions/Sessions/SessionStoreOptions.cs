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
}
