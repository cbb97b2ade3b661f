namespace McpFunctions.Sessions;

/// <summary>
/// How long sessions live. Set by the composition root from the operator's settings (<c>Mcp:SessionIdleTimeout</c>,
/// <c>Mcp:SessionTouchInterval</c>, <c>Auth:UnboundSessionLifetime</c>, and whether authentication is on), so the rule
/// lives here and Sessions reads no higher area's options.
/// </summary>
internal sealed class SessionLifetimeOptions
{
    /// <summary>A session unused for this long is gone (default 24 h).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How stale the last-seen time may get before a request refreshes it (default 5 min).</summary>
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When true (authentication is on), a session no user is bound to lives only <see cref="UnboundLifetime"/> from its
    /// creation, so sessions opened without a token cannot fill the store.
    /// </summary>
    public bool LimitUnboundSessions { get; set; }

    /// <summary>The absolute lifetime of an unbound session when <see cref="LimitUnboundSessions"/> (default 5 min).</summary>
    public TimeSpan UnboundLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
