using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>
/// Sessions this instance read or wrote within <see cref="SessionStoreOptions.ReadCacheDuration"/>, so that the requests
/// of a busy session cost one store read per interval instead of one each (Table Storage bills and delays every read).
/// </summary>
/// <remarks>
/// Safe to reuse because of what a session is: its version, client and creation never change; its user binding is set
/// once and every write is ETag-guarded, so a stale copy makes an update fail and re-read rather than overwrite (the
/// caller updates this cache with what the store returned); expiry is checked on the copy, whose <c>ExpiresAt</c> can
/// only be earlier than the stored one, and an expired copy is never served. What another instance changes — a delete,
/// a log level — is seen here at most one interval late. At most <see cref="MaxEntries"/> sessions are kept.
/// </remarks>
internal sealed class SessionReadCache(IOptions<SessionStoreOptions> options)
{
    /// <summary>A bound on memory: beyond it, stale entries go first, then everything.</summary>
    public const int MaxEntries = 10_000;

    private readonly TimeSpan _duration = options.Value.ReadCacheDuration;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool Enabled => _duration > TimeSpan.Zero;

    /// <summary>The session, when it was read or written here within the interval and has not expired.</summary>
    public bool TryGet(string sessionId, DateTimeOffset now, out SessionRecord session)
    {
        if (_entries.TryGetValue(sessionId, out var entry) && now < entry.ReusableUntil && !entry.Session.IsExpired(now))
        {
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

        _entries[session.Id] = new Entry(session, now + _duration);
    }

    /// <summary>Forgets the session: it was deleted, or the store no longer has it.</summary>
    public void Remove(string sessionId) => _entries.TryRemove(sessionId, out _);

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

    private sealed record Entry(SessionRecord Session, DateTimeOffset ReusableUntil);
}
