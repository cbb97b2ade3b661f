using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// The life of a session, by its id: create, find, mark initialized and bind to a user, refresh the expiry (the rule
/// is <see cref="SessionLifetime"/>'s), delete. Sessions read or written here are reused for
/// <see cref="SessionStoreOptions.ReadCacheDuration"/> (<see cref="SessionReadCache"/>), so the requests of a busy session
/// do not each read the store; every write still goes to the store, ETag-guarded.
/// </summary>
internal sealed partial class SessionManager(
    ISessionStore store,
    SessionReadCache cache,
    SessionLifetime lifetime,
    TimeProvider time,
    ILogger<SessionManager> logger)
{
    private const int MaxUpdateAttempts = 3;

    /// <summary>
    /// Creates a session, bound to <paramref name="subject"/> when its creation was authenticated (an unbound one may
    /// expire early: <see cref="SessionLifetime"/>).
    /// </summary>
    public async Task<SessionRecord> CreateAsync(string protocolVersion, string? clientName, string? clientVersion, string? capabilitiesJson, string? subject, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var session = new SessionRecord
            {
                Id = SessionIds.New(),
                ProtocolVersion = protocolVersion,
                ClientName = clientName,
                ClientVersion = clientVersion,
                ClientCapabilitiesJson = capabilitiesJson,
                Subject = subject,
                CreatedAt = now,
                LastSeenAt = now,
                ExpiresAt = lifetime.ExpiresAt(subject, now, createdAt: now),
            };

            var result = await store.CreateAsync(session, cancellationToken);
            if (result.Succeeded)
            {
                Log.SessionCreated(logger, SessionIds.ForLog(session.Id), protocolVersion, clientName ?? "unknown");
                cache.Set(result.Value!, now);
                return result.Value!;
            }

            // 192 random bits do not collide; a conflict here means a broken RNG or store, so do not loop forever.
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"The session store reported {result.Status} for three new random session ids.");
            }
        }
    }

    /// <summary>The live session with this id; null when it is unknown, expired, or could not have been issued here.</summary>
    public async Task<SessionRecord?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!SessionIds.IsWellFormed(sessionId))
        {
            Log.SessionUnknown(logger, "malformed");
            return null;
        }

        var now = time.GetUtcNow();
        // Concurrent requests of one session share a single store read when the cached copy is missing or spent.
        var session = await cache.GetOrReadAsync(sessionId, now, cancellationToken);
        if (session is null)
        {
            Log.SessionUnknown(logger, SessionIds.ForLog(sessionId));
            return null;
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.SessionValidated(logger, SessionIds.ForLog(sessionId));
        }

        return session;
    }

    /// <summary>
    /// Records <c>notifications/initialized</c> and refreshes the idle expiry when it is due. Concurrent
    /// requests on one session race here (Claude fires list calls in parallel), so updates use the ETag
    /// and re-read on conflict instead of overwriting.
    /// </summary>
    public async Task<SessionRecord?> TouchAsync(SessionRecord session, bool markInitialized, string? bindSubject, CancellationToken cancellationToken)
    {
        var current = session;
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            if (bindSubject is not null && current.Subject is not null && current.Subject != bindSubject)
            {
                // Another instance bound it to someone else between our read and now.
                return null;
            }

            var now = time.GetUtcNow();
            if (Refreshed(current, markInitialized, bindSubject, now) is not { } updated)
            {
                return current;
            }

            var result = await store.UpdateAsync(updated, cancellationToken);
            switch (result.Status)
            {
                case StoreWriteStatus.Success:
                    cache.Set(result.Value!, now);
                    LogChanges(current, result.Value!);
                    return result.Value;
                case StoreWriteStatus.PreconditionFailed:
                    // Changed elsewhere (another request or instance, or our copy was an older one): read it again.
                    var reread = await store.GetAsync(session.Id, cancellationToken);
                    if (reread is null)
                    {
                        cache.Remove(session.Id);
                        return null;
                    }

                    cache.Set(reread, time.GetUtcNow());
                    current = reread;
                    break;
                default:
                    cache.Remove(session.Id);
                    return null;
            }
        }

        return current;
    }

    /// <summary>The session marked initialized, bound and seen now, with its expiry moved; null when none of that is due.</summary>
    private SessionRecord? Refreshed(SessionRecord current, bool markInitialized, string? bindSubject, DateTimeOffset now)
    {
        var needsInitialize = markInitialized && !current.Initialized;
        var needsBind = bindSubject is not null && current.Subject is null;
        if (!needsInitialize && !needsBind && !lifetime.IsTouchDue(current, now))
        {
            return null;
        }

        var subject = current.Subject ?? bindSubject;
        return current with
        {
            Initialized = current.Initialized || markInitialized,
            Subject = subject,
            LastSeenAt = now,
            ExpiresAt = lifetime.ExpiresAt(subject, now, current.CreatedAt),
        };
    }

    /// <summary>The seed's story for an operator: the session became fully initialized, or was bound to a user.</summary>
    private void LogChanges(SessionRecord before, SessionRecord after)
    {
        if (after.Initialized && !before.Initialized)
        {
            Log.SessionInitialized(logger, SessionIds.ForLog(after.Id));
        }

        if (after.Subject is not null && before.Subject is null)
        {
            Log.SessionBound(logger, SessionIds.ForLog(after.Id), after.Subject);
        }
    }

    /// <summary>Stores the level set by <c>logging/setLevel</c> (ETag-guarded, re-read on conflict).</summary>
    public async Task<bool> SetLogLevelAsync(SessionRecord session, string level, CancellationToken cancellationToken)
    {
        var current = session;
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var result = await store.UpdateAsync(current with { LogLevel = level }, cancellationToken);
            if (result.Status != StoreWriteStatus.PreconditionFailed)
            {
                if (result.Succeeded)
                {
                    cache.Set(result.Value!, time.GetUtcNow());
                }
                else
                {
                    cache.Remove(session.Id);
                }

                return result.Succeeded;
            }

            current = await store.GetAsync(session.Id, cancellationToken);
            if (current is null)
            {
                cache.Remove(session.Id);
                return false;
            }

            cache.Set(current, time.GetUtcNow());
        }

        return false;
    }

    /// <summary>True when the session belongs to a user other than <paramref name="subject"/>.</summary>
    public static bool BelongsToAnother(SessionRecord session, string? subject) =>
        subject is not null && session.Subject is not null && !string.Equals(session.Subject, subject, StringComparison.Ordinal);

    /// <summary>Ends the session; false when there was nothing to delete.</summary>
    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        cache.Remove(sessionId);
        var deleted = await store.DeleteAsync(sessionId, cancellationToken);
        if (deleted)
        {
            Log.SessionDeleted(logger, SessionIds.ForLog(sessionId));
        }

        return deleted;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Created MCP session {SessionPrefix}… (protocol {ProtocolVersion}, client {ClientName})")]
        public static partial void SessionCreated(ILogger logger, string sessionPrefix, string protocolVersion, string clientName);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Session validated: {SessionPrefix}…")]
        public static partial void SessionValidated(ILogger logger, string sessionPrefix);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Session {SessionPrefix}… is now fully initialized")]
        public static partial void SessionInitialized(ILogger logger, string sessionPrefix);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Unknown or expired session {SessionPrefix}…: answering 404 so the client re-initializes")]
        public static partial void SessionUnknown(ILogger logger, string sessionPrefix);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Session {SessionPrefix}… bound to subject {Subject}")]
        public static partial void SessionBound(ILogger logger, string sessionPrefix, string subject);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Session {SessionPrefix}… terminated by the client")]
        public static partial void SessionDeleted(ILogger logger, string sessionPrefix);
    }
}
