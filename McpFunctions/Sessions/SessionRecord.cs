namespace McpFunctions.Sessions;

/// <summary>
/// A legacy-era (initialize handshake) MCP session as kept in the session store. Every instance
/// of the app reads the same row, so nothing about a session may live only in process memory.
/// </summary>
internal sealed record SessionRecord
{
    /// <summary>The <c>Mcp-Session-Id</c> value: 128+ random bits, URL-safe base64, also the row key.</summary>
    public required string Id { get; init; }

    /// <summary>The protocol version negotiated by <c>initialize</c>.</summary>
    public required string ProtocolVersion { get; init; }

    public string? ClientName { get; init; }

    public string? ClientVersion { get; init; }

    /// <summary>The client's <c>capabilities</c> object from <c>initialize</c>, as raw JSON.</summary>
    public string? ClientCapabilitiesJson { get; init; }

    /// <summary>Set by <c>notifications/initialized</c>.</summary>
    public bool Initialized { get; init; }

    /// <summary>
    /// The subject of the first authenticated request on this session. Once set, requests carrying
    /// another subject's token never get this session (session ids are not credentials).
    /// </summary>
    public string? Subject { get; init; }

    /// <summary>The level set by <c>logging/setLevel</c> (legacy revisions); null until the client sets one.</summary>
    public string? LogLevel { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Idle expiry: readers treat a session past this instant as absent (Table Storage has no TTL).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The store's concurrency token for optimistic updates; null until the row is stored.</summary>
    public string? ETag { get; init; }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
