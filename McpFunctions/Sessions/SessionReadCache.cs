using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>
/// Sessions this instance read or wrote within <see cref="SessionStoreOptions.ReadCacheDuration"/>, so that the requests
/// of a busy session cost one store read per interval instead of one each (Table Storage bills and delays every read).
/// Once half the interval has passed, the next request still gets the cached copy and starts one background re-read
/// (single flight per session), so a busy session never waits on the store: without it, every interval's first
/// request paid a full storage round trip and the requests queued behind it (the bench's Table-backed p99).
/// </summary>
/// <remarks>
/// Safe to reuse because of what a session is: its version, client and creation never change; its user binding is set
/// once and every write is ETag-guarded, so a stale copy makes an update fail and re-read rather than overwrite (the
/// caller updates this cache with what the store returned); expiry is checked on the copy, whose <c>ExpiresAt</c> can
/// only be earlier than the stored one, and an expired copy is never served. What another instance changes — a delete,
/// a log level — is seen here at most one interval late: a copy is never served past its interval, refreshed or not.
/// A background re-read never replaces a newer copy (a write here, or a removal, made while it ran). At most
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
        if (_entries.TryGetValue(sessionId, out var entry) && now < entry.ReusableUntil && !entry.Session.IsExpired(now))
        {
            if (now >= entry.RefreshFrom && entry.TryStartRefresh())
            {
                _ = RefreshAsync(entry);
            }

            session = entry.Session;
            return true;
        }

        session = null!;
        return false;
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

    /// <summary>The background re-read: replaces exactly the entry it started from, or drops it when the session is gone.</summary>
    private async Task RefreshAsync(Entry entry)
    {
        var sessionId = entry.Session.Id;
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
            if (now >= pair.Value.ReusableUntil || pair.Value.Session.IsExpired(now))
            {
                _entries.TryRemove(pair);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }

    private sealed class Entry(SessionRecord session, DateTimeOffset refreshFrom, DateTimeOffset reusableUntil)
    {
        private int _refreshStarted;

        public SessionRecord Session { get; } = session;

        public DateTimeOffset RefreshFrom { get; } = refreshFrom;

        public DateTimeOffset ReusableUntil { get; } = reusableUntil;

        /// <summary>True for exactly one caller per entry: the single flight.</summary>
        public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshStarted, 1) == 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3120, Level = LogLevel.Debug, Message = "Session {SessionPrefix}… re-read in the background: {Outcome} (cache updated: {Replaced})")]
        public static partial void Refreshed(ILogger logger, string sessionPrefix, string outcome, bool replaced);

        [LoggerMessage(EventId = 3121, Level = LogLevel.Debug, Message = "Session {SessionPrefix}… could not be re-read in the background ({Reason}); the cached copy serves until its interval ends")]
        public static partial void RefreshFailed(ILogger logger, string sessionPrefix, string reason);
    }
}
