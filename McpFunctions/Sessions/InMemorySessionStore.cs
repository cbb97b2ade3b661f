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
/// most <see cref="SessionStoreOptions.MaxInMemorySessions"/> sessions, exactly, however many creates race:
/// only creates add entries and they take one lock, in which a full store evicts the session closest to expiry
/// from a priority queue (no scan of all sessions). Evictions of live sessions are logged in aggregate, at most
/// once a minute.
/// </summary>
internal sealed class InMemorySessionStore(
    TimeProvider timeProvider,
    IOptions<SessionStoreOptions> options,
    ILogger<InMemorySessionStore> logger) : ISessionStore
{
    private static readonly TimeSpan EvictionReportInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _createGate = new();

    // Eviction order: (id, created) by expiry as known at creation. Entries go stale when a session is removed or
    // its expiry slides; stale ones are skipped or re-queued when they reach the front. Guarded by _createGate.
    private readonly PriorityQueue<(string Id, DateTimeOffset CreatedAt), DateTimeOffset> _byExpiry = new();
    private long _lastETag;
    private int _evictedSinceReport;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);
        cancellationToken.ThrowIfCancellationRequested();

        var now = timeProvider.GetUtcNow();
        var stored = session with { ETag = NextETag() };
        lock (_createGate)
        {
            if (_sessions.TryGetValue(session.Id, out var existing))
            {
                if (!existing.IsExpired(now))
                {
                    return Task.FromResult(StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.Conflict));
                }

                // An expired session is absent, so its id is free; replacing it does not change the count.
                _sessions[session.Id] = stored;
            }
            else
            {
                MakeRoom(now);
                _sessions[session.Id] = stored;
            }

            Enqueue(stored);
        }

        return Task.FromResult(StoreWriteResult<SessionRecord>.Success(stored));
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

    /// <summary>Called under <see cref="_createGate"/>: evicts until one more session fits.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        var capacity = options.Value.MaxInMemorySessions;
        var evictedLive = 0;
        while (_sessions.Count >= capacity && _byExpiry.TryDequeue(out var entry, out var queuedExpiry))
        {
            if (!_sessions.TryGetValue(entry.Id, out var current) || current.CreatedAt != entry.CreatedAt)
            {
                continue; // deleted or replaced since it was queued
            }

            if (current.ExpiresAt > queuedExpiry)
            {
                _byExpiry.Enqueue(entry, current.ExpiresAt); // its expiry slid: take its new place in line
                continue;
            }

            // Closest to expiry (or already expired). A live session's client gets 404 and re-initializes,
            // which is what the spec tells clients to do when a session disappears.
            if (_sessions.TryRemove(new KeyValuePair<string, SessionRecord>(entry.Id, current)) && !current.IsExpired(now))
            {
                evictedLive++;
            }
        }

        if (evictedLive > 0)
        {
            ReportEvictions(evictedLive, capacity, now);
        }
    }

    /// <summary>Called under <see cref="_createGate"/>.</summary>
    private void Enqueue(SessionRecord session)
    {
        // Entries of sessions removed by reads and deletes are only dropped when they reach the front; rebuild the
        // queue when they outnumber the sessions, so its size stays proportional to the store (amortised O(1)).
        if (_byExpiry.Count > (2 * _sessions.Count) + 64)
        {
            _byExpiry.Clear();
            foreach (var (_, record) in _sessions)
            {
                _byExpiry.Enqueue((record.Id, record.CreatedAt), record.ExpiresAt);
            }

            return;
        }

        _byExpiry.Enqueue((session.Id, session.CreatedAt), session.ExpiresAt);
    }

    /// <summary>One warning per interval with how many live sessions were evicted, never one per create.</summary>
    private void ReportEvictions(int evicted, int capacity, DateTimeOffset now)
    {
        _evictedSinceReport += evicted;
        if (now - _lastReport < EvictionReportInterval)
        {
            return;
        }

        SessionStoreLog.InMemoryEvicted(logger, _evictedSinceReport, capacity);
        _evictedSinceReport = 0;
        _lastReport = now;
    }

    // Unique within the process, which is the store's whole lifetime; quoted like an HTTP entity tag.
    private string NextETag() =>
        $"\"{Interlocked.Increment(ref _lastETag).ToString(CultureInfo.InvariantCulture)}\"";
}
