using System.Collections.Concurrent;
using System.Globalization;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// The in-memory half of every OAuth store: records by key with the Table store's rules — an ETag on every
/// write, If-Match on every update, expired records absent (and their keys free), consume = one winner.
/// Compare-and-swap on the <see cref="ConcurrentDictionary{TKey, TValue}"/> plays the part of If-Match.
/// Bounded by <see cref="OAuthStoreOptions.MaxInMemoryEntries"/>: full, it drops expired records, then the one closest to expiry.
/// </summary>
internal sealed class InMemoryRecordSet<T>(
    Func<T, string> keyOf,
    Func<T, DateTimeOffset> expiresAtOf,
    Func<T, string?> etagOf,
    Func<T, string, T> withETag,
    TimeProvider timeProvider,
    int capacity)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _records = new(StringComparer.Ordinal);
    private long _lastETag;

    public int Count => _records.Count;

    public StoreWriteResult<T> Create(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = keyOf(record);
        var now = timeProvider.GetUtcNow();
        MakeRoom(now);
        var stored = withETag(record, NextETag());
        while (true)
        {
            if (_records.TryAdd(key, stored))
            {
                return StoreWriteResult<T>.Success(stored);
            }

            if (_records.TryGetValue(key, out var existing))
            {
                if (!IsExpired(existing, now))
                {
                    return StoreWriteResult<T>.Failed(StoreWriteStatus.Conflict);
                }

                // Expired is absent, so the key is free: replace that exact version only.
                if (_records.TryUpdate(key, stored, existing))
                {
                    return StoreWriteResult<T>.Success(stored);
                }
            }
        }
    }

    public T? Get(string key)
    {
        if (!_records.TryGetValue(key, out var record))
        {
            return null;
        }

        if (IsExpired(record, timeProvider.GetUtcNow()))
        {
            _records.TryRemove(new KeyValuePair<string, T>(key, record));
            return null;
        }

        return record;
    }

    /// <summary>Every live record (for small sets such as signing keys).</summary>
    public IReadOnlyList<T> List()
    {
        var now = timeProvider.GetUtcNow();
        return [.. _records.Values.Where(r => !IsExpired(r, now))];
    }

    public StoreWriteResult<T> Update(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var expected = etagOf(record) ?? throw new ArgumentException("An update needs the ETag of the record it replaces (read it first).", nameof(record));
        var key = keyOf(record);
        var updated = withETag(record, NextETag());
        while (true)
        {
            if (!_records.TryGetValue(key, out var current) || IsExpired(current, timeProvider.GetUtcNow()))
            {
                return StoreWriteResult<T>.Failed(StoreWriteStatus.NotFound);
            }

            if (!string.Equals(etagOf(current), expected, StringComparison.Ordinal))
            {
                return StoreWriteResult<T>.Failed(StoreWriteStatus.PreconditionFailed);
            }

            if (_records.TryUpdate(key, updated, current))
            {
                return StoreWriteResult<T>.Success(updated);
            }
        }
    }

    public T Upsert(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        MakeRoom(timeProvider.GetUtcNow());
        var stored = withETag(record, NextETag());
        _records[keyOf(record)] = stored;
        return stored;
    }

    public bool Delete(string key) =>
        _records.TryRemove(key, out var removed) && !IsExpired(removed, timeProvider.GetUtcNow());

    /// <summary>Removes and returns the live record: of concurrent callers exactly one gets it.</summary>
    public T? Consume(string key)
    {
        if (!_records.TryRemove(key, out var removed))
        {
            return null;
        }

        return IsExpired(removed, timeProvider.GetUtcNow()) ? null : removed;
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_records.Count < capacity)
        {
            return;
        }

        foreach (var entry in _records)
        {
            if (IsExpired(entry.Value, now))
            {
                _records.TryRemove(entry);
            }
        }

        while (_records.Count >= capacity)
        {
            var closest = _records.MinBy(entry => expiresAtOf(entry.Value));
            if (closest.Key is null || !_records.TryRemove(closest))
            {
                return;
            }
        }
    }

    // Same rule as the Table stores: a record is gone at its ExpiresAt.
    private bool IsExpired(T record, DateTimeOffset now) => expiresAtOf(record) <= now;

    private string NextETag() =>
        $"\"{Interlocked.Increment(ref _lastETag).ToString(CultureInfo.InvariantCulture)}\"";
}
