using McpFunctions.ResourceServer;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// Session resolution for the legacy era: create on initialize, look up (400 missing / 404 unknown),
/// mark initialized, refresh the idle expiry at most once per touch interval, delete. Sessions read or written here
/// are reused for <see cref="SessionStoreOptions.ReadCacheDuration"/> (<see cref="SessionReadCache"/>), so the requests
/// of a busy session do not each read the store; every write still goes to the store, ETag-guarded.
/// </summary>
internal sealed partial class LegacySessions(
    ISessionStore store,
    SessionReadCache cache,
    TimeProvider time,
    IOptions<McpEndpointOptions> options,
    IOptions<AuthOptions> authOptions,
    ILogger<LegacySessions> logger)
{
    private const int MaxUpdateAttempts = 3;
    private readonly McpEndpointOptions _options = options.Value;
    private readonly AuthOptions _auth = authOptions.Value;

    /// <summary>
    /// Creates a session, bound to <paramref name="subject"/> when initialize was authenticated. With auth on,
    /// an unbound session (seed preset) lives only <see cref="AuthOptions.UnboundSessionLifetime"/> unless a token binds it.
    /// </summary>
    public async Task<SessionRecord> CreateAsync(string protocolVersion, Implementation? clientInfo, string? capabilitiesJson, string? subject, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var session = new SessionRecord
            {
                Id = SessionIds.New(),
                ProtocolVersion = protocolVersion,
                ClientName = clientInfo?.Name,
                ClientVersion = clientInfo?.Version,
                ClientCapabilitiesJson = capabilitiesJson,
                Subject = subject,
                CreatedAt = now,
                LastSeenAt = now,
                ExpiresAt = ExpiryFor(subject, now, createdAt: now),
            };

            var result = await store.CreateAsync(session, cancellationToken);
            if (result.Succeeded)
            {
                Log.SessionCreated(logger, SessionIds.ForLog(session.Id), protocolVersion, clientInfo?.Name ?? "unknown");
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

    /// <summary>Finds the session named by <c>Mcp-Session-Id</c>, or says why not as a transport error.</summary>
    public async Task<(SessionRecord? Session, McpHttpError? Error)> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers[McpHeaders.SessionId];
        if (header.Count == 0 || string.IsNullOrEmpty(header[0]))
        {
            return (null, McpHttpError.MissingSession());
        }

        var sessionId = header[0]!;
        if (header.Count > 1 || !SessionIds.IsWellFormed(sessionId))
        {
            Log.SessionUnknown(logger, "malformed");
            return (null, McpHttpError.SessionNotFound());
        }

        var now = time.GetUtcNow();
        // Concurrent requests of one session share a single store read when the cached copy is missing or spent.
        var session = await cache.GetOrReadAsync(sessionId, now, cancellationToken);
        if (session is null)
        {
            Log.SessionUnknown(logger, SessionIds.ForLog(sessionId));
            return (null, McpHttpError.SessionNotFound());
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.SessionValidated(logger, SessionIds.ForLog(sessionId));
        }

        return (session, null);
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
            var needsInitialize = markInitialized && !current.Initialized;
            var needsBind = bindSubject is not null && current.Subject is null;
            var needsTouch = now - current.LastSeenAt >= _options.SessionTouchInterval;
            if (!needsInitialize && !needsBind && !needsTouch)
            {
                return current;
            }

            var subject = current.Subject ?? bindSubject;
            var updated = current with
            {
                Initialized = current.Initialized || markInitialized,
                Subject = subject,
                LastSeenAt = now,
                ExpiresAt = ExpiryFor(subject, now, current.CreatedAt),
            };
            var result = await store.UpdateAsync(updated, cancellationToken);
            switch (result.Status)
            {
                case StoreWriteStatus.Success:
                    cache.Set(result.Value!, now);
                    if (needsInitialize)
                    {
                        Log.SessionInitialized(logger, SessionIds.ForLog(session.Id));
                    }

                    if (needsBind)
                    {
                        Log.SessionBound(logger, SessionIds.ForLog(session.Id), subject!);
                    }

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

    private DateTimeOffset ExpiryFor(string? subject, DateTimeOffset now, DateTimeOffset createdAt) =>
        _auth.Mode != AuthMode.Disabled && subject is null
            ? createdAt + _auth.UnboundSessionLifetime
            : now + _options.SessionIdleTimeout;

    public async Task<bool> DeleteAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        cache.Remove(session.Id);
        var deleted = await store.DeleteAsync(session.Id, cancellationToken);
        if (deleted)
        {
            Log.SessionDeleted(logger, SessionIds.ForLog(session.Id));
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
