using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>
/// Where a session expires — the one rule, in one place. A session bound to a user (or any session while authentication
/// is off) expires after <see cref="SessionLifetimeOptions.IdleTimeout"/> without use; an unbound one, with
/// authentication on, at <see cref="SessionLifetimeOptions.UnboundLifetime"/> after its creation however busy it is.
/// Readers treat a session past its <see cref="SessionRecord.ExpiresAt"/> as absent (Table Storage has no TTL); use
/// pushes the idle expiry out at most once per <see cref="SessionLifetimeOptions.TouchInterval"/>, because a write
/// on every request would double each call's storage cost.
/// </summary>
internal sealed class SessionLifetime(IOptions<SessionLifetimeOptions> options)
{
    private readonly SessionLifetimeOptions _options = options.Value;

    /// <summary>The expiry of a session of <paramref name="subject"/> (null: unbound) created at <paramref name="createdAt"/>, seen at <paramref name="now"/>.</summary>
    public DateTimeOffset ExpiresAt(string? subject, DateTimeOffset now, DateTimeOffset createdAt) =>
        _options.LimitUnboundSessions && subject is null
            ? createdAt + _options.UnboundLifetime
            : now + _options.IdleTimeout;

    /// <summary>True when the session's last-seen time is stale enough to be written again.</summary>
    public bool IsTouchDue(SessionRecord session, DateTimeOffset now) => now - session.LastSeenAt >= _options.TouchInterval;
}
