using System.Collections.Concurrent;
using System.Globalization;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>
/// Sessions in this process's memory: the default when no storage is configured, and the fast path in
/// tests. Not shared between instances, so only right for a single local process. Behaves like
/// <see cref="TableSessionStore"/>: same key rules, ETags on every write, expired sessions are absent.
/// Expired entries are removed lazily (when read, or when the store is full), and the store holds at
/// most <see cref="SessionStoreOptions.MaxInMemorySessions"/> sessions (approximately, under races).
/// </summary>
internal sealed class InMemorySessionStore(
    TimeProvider timeProvider,
    IOptions<SessionStoreOptions> options,
    ILogger<InMemorySessionStore> logger) : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private long _lastETag;

    public Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);
        cancellationToken.ThrowIfCancellationRequested();

        var now = timeProvider.GetUtcNow();
        MakeRoom(now);
        var stored = session with { ETag = NextETag() };
        while (true)
        {
            if (_sessions.TryAdd(session.Id, stored))
            {
                return Task.FromResult(StoreWriteResult<SessionRecord>.Success(stored));
            }

            if (_sessions.TryGetValue(session.Id, out var existing))
            {
                if (!existing.IsExpired(now))
                {
                    return Task.FromResult(StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.Conflict));
                }

                // An expired session is absent, so its id is free; replace it only if nobody else did first.
                if (_sessions.TryUpdate(session.Id, stored, existing))
                {
                    return Task.FromResult(StoreWriteResult<SessionRecord>.Success(stored));
                }
            }
        }
    }

    public Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!SessionKeys.IsValidId(sessionId) || !_sessions.TryGetValue(sessionId, out var session))
        {
            return Task.FromResult<SessionRecord?>(null);
        }

        if (session.IsExpired(timeProvider.GetUtcNow()))
        {
            // Removes this exact version only: a concurrent create of a new session with the same id survives.
            _sessions.TryRemove(new KeyValuePair<string, SessionRecord>(sessionId, session));
            return Task.FromResult<SessionRecord?>(null);
        }

        return Task.FromResult<SessionRecord?>(session);
    }

    public Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);
        SessionKeys.ValidateETag(session);
        cancellationToken.ThrowIfCancellationRequested();

        var now = timeProvider.GetUtcNow();
        var updated = session with { ETag = NextETag() };
        while (true)
        {
            if (!_sessions.TryGetValue(session.Id, out var current) || current.IsExpired(now))
            {
                return Task.FromResult(StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.NotFound));
            }

            if (!string.Equals(current.ETag, session.ETag, StringComparison.Ordinal))
            {
                return Task.FromResult(StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.PreconditionFailed));
            }

            // Compare-and-swap on the version just checked; if another writer won in between, look again.
            if (_sessions.TryUpdate(session.Id, updated, current))
            {
                return Task.FromResult(StoreWriteResult<SessionRecord>.Success(updated));
            }
        }
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!SessionKeys.IsValidId(sessionId) || !_sessions.TryRemove(sessionId, out var removed))
        {
            return Task.FromResult(false);
        }

        // An expired session was already absent: removing it is housekeeping, not a delete.
        return Task.FromResult(!removed.IsExpired(timeProvider.GetUtcNow()));
    }

    private void MakeRoom(DateTimeOffset now)
    {
        var capacity = options.Value.MaxInMemorySessions;
        if (_sessions.Count < capacity)
        {
            return;
        }

        foreach (var entry in _sessions)
        {
            if (entry.Value.IsExpired(now))
            {
                _sessions.TryRemove(entry);
            }
        }

        if (_sessions.Count < capacity)
        {
            return;
        }

        // Still full of live sessions: drop the one that would expire first. Its client gets 404 and
        // re-initializes, which is what the spec tells clients to do when a session disappears.
        var oldest = _sessions.MinBy(entry => entry.Value.ExpiresAt);
        if (oldest.Key is not null && _sessions.TryRemove(oldest))
        {
            SessionStoreLog.InMemoryEvicted(logger, capacity);
        }
    }

    // Unique within the process, which is the store's whole lifetime; quoted like an HTTP entity tag.
    private string NextETag() =>
        $"\"{Interlocked.Increment(ref _lastETag).ToString(CultureInfo.InvariantCulture)}\"";
}
