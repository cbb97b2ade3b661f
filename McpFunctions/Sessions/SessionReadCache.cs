using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>
/// Sessions this instance read or wrote within <see cref="SessionStoreOptions.ReadCacheDuration"/>, so that the requests
/// of a busy session cost one store read per interval instead of one each (Table Storage bills and delays every read).
/// Once half the interval has passed, the next request still gets the cached copy and starts one background re-read
/// (single flight per session), so a busy session never waits on the store: without it, every interval's first
/// request paid a full storage round trip and the requests queued behind it (the bench's Table-backed p99).
/// When the copy has expired or is absent, concurrent requests for the session share one store read
/// (<see cref="GetOrReadAsync"/>): with a slow store, every request of a busy session otherwise missed at once and each
/// paid its own round trip, which is what the tail measured once the background re-read could no longer keep up.
/// </summary>
/// <remarks>
/// Safe to reuse because of what a session is: its version, client and creation never change; its user binding is set
/// once and every write is ETag-guarded, so a stale copy makes an update fail and re-read rather than overwrite (the
/// caller updates this cache with what the store returned); expiry is checked on the copy, whose <c>ExpiresAt</c> can
/// only be earlier than the stored one, and an expired copy is never served. What another instance changes — a delete,
/// a log level — is seen here at most one interval late: a copy is never served past its interval, refreshed or not.
/// A background re-read never replaces a newer copy (a write here, or a removal, made while it ran); neither does a
/// shared read, whose place in the cache is held by a pending entry that a write or removal replaces. A failed shared
/// read is never cached: its waiters see the failure and the next request reads again. At most
/// <see cref="MaxEntries"/> sessions are kept.
/// </remarks>
internal sealed partial class SessionReadCache(
    IOptions<SessionStoreOptions> options,
    ISessionStore store,
    TimeProvider timeProvider,
    ILogger<SessionReadCache> logger)
{
    /// <summary>A bound on memory: beyond it, stale entries go first, then everything.</summary>
    public const int MaxEntries = 10_000;

    private readonly TimeSpan _duration = options.Value.ReadCacheDuration;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool Enabled => _duration > TimeSpan.Zero;

    /// <summary>
    /// The session, when it was read or written here within the interval and has not expired. Past half the interval
    /// this also starts the entry's one background re-read.
    /// </summary>
    public bool TryGet(string sessionId, DateTimeOffset now, out SessionRecord session)
    {
        if (_entries.TryGetValue(sessionId, out var entry) && TryServe(entry, now, out session))
        {
            return true;
        }

        session = null!;
        return false;
    }

    /// <summary>
    /// The session from the cache, or else from one store read shared by every concurrent caller for the same id
    /// (single flight); null when the store has no such session. Each caller waits with its own token: a caller that
    /// gives up leaves the read running for the others, so the read itself runs on no request's token and the store
    /// bounds its wait (a fault there reaches every waiter as the same exception and is not cached).
    /// </summary>
    public ValueTask<SessionRecord?> GetOrReadAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!Enabled)
        {
            return new ValueTask<SessionRecord?>(store.GetAsync(sessionId, cancellationToken));
        }

        while (true)
        {
            if (_entries.TryGetValue(sessionId, out var entry))
            {
                if (entry.Pending is { } pending)
                {
                    return new ValueTask<SessionRecord?>(pending.WaitAsync(cancellationToken));
                }

                if (TryServe(entry, now, out var session))
                {
                    return new ValueTask<SessionRecord?>(session);
                }

                var replacement = Entry.ForRead();
                if (_entries.TryUpdate(sessionId, replacement, entry))
                {
                    return new ValueTask<SessionRecord?>(ReadAsync(sessionId, replacement).WaitAsync(cancellationToken));
                }
            }
            else
            {
                if (_entries.Count >= MaxEntries)
                {
                    MakeRoom(now);
                }

                var placeholder = Entry.ForRead();
                if (_entries.TryAdd(sessionId, placeholder))
                {
                    return new ValueTask<SessionRecord?>(ReadAsync(sessionId, placeholder).WaitAsync(cancellationToken));
                }
            }

            // Another caller changed the entry between our look and our write: look again (it is now a copy or a read).
        }
    }

    /// <summary>Remembers the session as the store last returned it (read, created or updated).</summary>
    public void Set(SessionRecord session, DateTimeOffset now)
    {
        if (!Enabled)
        {
            return;
        }

        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(session.Id))
        {
            MakeRoom(now);
        }

        _entries[session.Id] = NewEntry(session, now);
    }

    /// <summary>Forgets the session: it was deleted, or the store no longer has it.</summary>
    public void Remove(string sessionId) => _entries.TryRemove(sessionId, out _);

    private bool TryServe(Entry entry, DateTimeOffset now, out SessionRecord session)
    {
        if (entry.Session is { } copy && now < entry.ReusableUntil && !copy.IsExpired(now))
        {
            if (now >= entry.RefreshFrom && entry.TryStartRefresh())
            {
                _ = RefreshAsync(entry, copy.Id);
            }

            session = copy;
            return true;
        }

        session = null!;
        return false;
    }

    /// <summary>
    /// The shared read behind <paramref name="placeholder"/>: its answer replaces exactly that placeholder (a write or a
    /// removal made meanwhile wins), a missing session removes it, and a failure removes it so the next request retries.
    /// </summary>
    private Task<SessionRecord?> ReadAsync(string sessionId, Entry placeholder)
    {
        var completion = placeholder.Completion!;
        _ = RunAsync();
        return completion.Task;

        async Task RunAsync()
        {
            var readAt = timeProvider.GetUtcNow();
            try
            {
                // No request's token: the read serves every waiter, and the store bounds its own wait.
                var stored = await store.GetAsync(sessionId, CancellationToken.None).ConfigureAwait(false);
                var cached = stored is null
                    ? _entries.TryRemove(new KeyValuePair<string, Entry>(sessionId, placeholder))
                    : _entries.TryUpdate(sessionId, NewEntry(stored, readAt), placeholder);
                Log.Read(logger, Prefix(sessionId), stored is null ? "gone" : "current", cached);
                completion.SetResult(stored);
            }
#pragma warning disable CA1031 // Not swallowed: every waiter receives it; only the cache forgets the attempt.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(sessionId, placeholder));
                Log.ReadFailed(logger, Prefix(sessionId), exception.GetType().Name);
                completion.SetException(exception);
            }
        }
    }

    /// <summary>The background re-read: replaces exactly the entry it started from, or drops it when the session is gone.</summary>
    private async Task RefreshAsync(Entry entry, string sessionId)
    {
        var readAt = timeProvider.GetUtcNow();
        try
        {
            // No request's token: the re-read serves whoever asks next, and the store bounds its own wait.
            var stored = await store.GetAsync(sessionId, CancellationToken.None).ConfigureAwait(false);
            var replaced = stored is null
                ? _entries.TryRemove(new KeyValuePair<string, Entry>(sessionId, entry))
                : _entries.TryUpdate(sessionId, NewEntry(stored, readAt), entry);
            Log.Refreshed(logger, Prefix(sessionId), stored is null ? "gone" : "current", replaced);
        }
#pragma warning disable CA1031 // A failed re-read changes nothing: the copy stays until its interval ends, then the caller reads.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.RefreshFailed(logger, Prefix(sessionId), exception.GetType().Name);
        }
    }

    // Logs name a session by its first characters only, as the transport's logs do: the id is a bearer of the session.
    private static string Prefix(string sessionId) => sessionId.Length <= 8 ? sessionId : sessionId[..8];

    private Entry NewEntry(SessionRecord session, DateTimeOffset now) => new(session, now + (_duration / 2), now + _duration);

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var pair in _entries)
        {
            // A pending read may go too: its waiters still get its answer, which is then simply not kept.
            if (pair.Value.Session is not { } copy || now >= pair.Value.ReusableUntil || copy.IsExpired(now))
            {
                _entries.TryRemove(pair);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }

    /// <summary>A cached copy, or (no copy, a completion) the place held for a shared read in flight.</summary>
    private sealed class Entry(SessionRecord? session, DateTimeOffset refreshFrom, DateTimeOffset reusableUntil, TaskCompletionSource<SessionRecord?>? completion = null)
    {
        private int _refreshStarted;

        public SessionRecord? Session { get; } = session;

        /// <summary>Completed by the shared read; its continuations run off the reader so no waiter runs inline in it.</summary>
        public TaskCompletionSource<SessionRecord?>? Completion { get; } = completion;

        public Task<SessionRecord?>? Pending => Completion?.Task;

        public DateTimeOffset RefreshFrom { get; } = refreshFrom;

        public DateTimeOffset ReusableUntil { get; } = reusableUntil;

        public static Entry ForRead() =>
            new(null, DateTimeOffset.MinValue, DateTimeOffset.MinValue, new TaskCompletionSource<SessionRecord?>(TaskCreationOptions.RunContinuationsAsynchronously));

        /// <summary>True for exactly one caller per entry: the single flight.</summary>
        public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshStarted, 1) == 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3120, Level = LogLevel.Debug, Message = "Session {SessionPrefix}… re-read in the background: {Outcome} (cache updated: {Replaced})")]
        public static partial void Refreshed(ILogger logger, string sessionPrefix, string outcome, bool replaced);

        [LoggerMessage(EventId = 3121, Level = LogLevel.Debug, Message = "Session {SessionPrefix}… could not be re-read in the background ({Reason}); the cached copy serves until its interval ends")]
        public static partial void RefreshFailed(ILogger logger, string sessionPrefix, string reason);

        [LoggerMessage(EventId = 3122, Level = LogLevel.Debug, Message = "Session {SessionPrefix}… read once for every request waiting on it: {Outcome} (cached: {Cached})")]
        public static partial void Read(ILogger logger, string sessionPrefix, string outcome, bool cached);

        [LoggerMessage(EventId = 3123, Level = LogLevel.Debug, Message = "Session {SessionPrefix}… could not be read ({Reason}); every request waiting on the read gets the failure and nothing is cached")]
        public static partial void ReadFailed(ILogger logger, string sessionPrefix, string reason);
    }
}
