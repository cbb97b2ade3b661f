using System.Collections.Concurrent;
using System.Globalization;

namespace McpFunctions.Storage;

/// <summary>
/// An <see cref="IExpiringRecordSet{T}"/> in this process's memory: the default when no storage is configured, and
/// the fast path in tests. Not shared between instances. Behaves like <see cref="TableExpiringRecordSet{T}"/>: the
/// same keys (taken from the schema's row) and key rules, an ETag on every write, expired records absent and their
/// keys free. Compare-and-swap on the dictionary plays the part of If-Match.
/// </summary>
/// <remarks>
/// Holds at most <c>capacity</c> records, exactly, however many writers race: only creates and upserts add entries
/// and they take one lock, in which a full set evicts the record closest to expiry (expired ones come first) from a
/// priority queue, without scanning every record. Expired records are otherwise removed lazily, when read.
/// Evictions of live records are reported in aggregate, at most once a minute.
/// </remarks>
internal sealed class InMemoryExpiringRecordSet<T> : IExpiringRecordSet<T>
    where T : class
{
    private static readonly TimeSpan EvictionReportInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string PartitionKey, string RowKey), Slot> _records = new();
    private readonly Lock _addGate = new();

    // Eviction order: (keys, generation) by expiry as known when added. Entries go stale when a record is removed or
    // its expiry slides; stale ones are skipped or re-queued when they reach the front. Guarded by _addGate.
    private readonly PriorityQueue<((string, string) Key, long Generation), DateTimeOffset> _byExpiry = new();
    private readonly ExpiringRecordSchema<T> _schema;
    private readonly TimeProvider _timeProvider;
    private readonly Action<int, int>? _reportLiveEvictions;
    private long _lastETag;
    private long _lastGeneration;
    private int _evictedSinceReport;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    /// <param name="reportLiveEvictions">Called with (live records evicted since the last report, capacity), at most once a minute.</param>
    public InMemoryExpiringRecordSet(ExpiringRecordSchema<T> schema, TimeProvider timeProvider, int capacity, Action<int, int>? reportLiveEvictions = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _schema = schema;
        _timeProvider = timeProvider;
        Capacity = capacity;
        _reportLiveEvictions = reportLiveEvictions;
    }

    public int Capacity { get; }

    /// <summary>Records held, including expired ones not yet removed.</summary>
    public int Count => _records.Count;

    public Task<StoreWriteResult<T>> CreateAsync(T record, CancellationToken cancellationToken)
    {
        var key = KeyOf(record);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var stored = NewSlot(record);
        lock (_addGate)
        {
            if (_records.TryGetValue(key, out var existing))
            {
                if (!IsExpired(existing, now))
                {
                    return Task.FromResult(StoreWriteResult<T>.Failed(StoreWriteStatus.Conflict));
                }

                // An expired record is absent, so its keys are free; replacing it does not change the count.
                _records[key] = stored;
            }
            else
            {
                MakeRoom(now);
                _records[key] = stored;
            }

            Enqueue(key, stored);
        }

        return Task.FromResult(StoreWriteResult<T>.Success(stored.Record));
    }

    public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var key = ValidKey(partitionKey, rowKey);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryGetValue(key, out var slot))
        {
            return Task.FromResult<T?>(null);
        }

        if (IsExpired(slot, _timeProvider.GetUtcNow()))
        {
            // Removes this exact version only: a concurrent create of a new record with the same keys survives.
            _records.TryRemove(new KeyValuePair<(string, string), Slot>(key, slot));
            return Task.FromResult<T?>(null);
        }

        return Task.FromResult<T?>(slot.Record);
    }

    public Task<IReadOnlyList<T>> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        TableKeyValidation.ValidateKey(partitionKey, nameof(partitionKey));
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        IReadOnlyList<T> live =
        [
            .. _records
                .Where(entry => string.Equals(entry.Key.PartitionKey, partitionKey, StringComparison.Ordinal) && !IsExpired(entry.Value, now))
                .OrderBy(entry => entry.Key.RowKey, StringComparer.Ordinal)
                .Select(entry => entry.Value.Record),
        ];
        return Task.FromResult(live);
    }

    public Task<StoreWriteResult<T>> UpdateAsync(T record, CancellationToken cancellationToken)
    {
        var key = KeyOf(record);
        var expected = _schema.RequireETag(record);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        while (true)
        {
            if (!_records.TryGetValue(key, out var current) || IsExpired(current, now))
            {
                return Task.FromResult(StoreWriteResult<T>.Failed(StoreWriteStatus.NotFound));
            }

            if (!string.Equals(_schema.ETag(current.Record), expected, StringComparison.Ordinal))
            {
                return Task.FromResult(StoreWriteResult<T>.Failed(StoreWriteStatus.PreconditionFailed));
            }

            // Compare-and-swap on the version just checked; if another writer won in between, look again. The
            // generation stays: it is the same record, and its place in the eviction queue follows its expiry.
            var updated = new Slot(_schema.WithETag(record, NextETag()), current.Generation);
            if (_records.TryUpdate(key, updated, current))
            {
                return Task.FromResult(StoreWriteResult<T>.Success(updated.Record));
            }
        }
    }

    public Task<T> UpsertAsync(T record, CancellationToken cancellationToken)
    {
        var key = KeyOf(record);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = NewSlot(record);
        lock (_addGate)
        {
            if (!_records.ContainsKey(key))
            {
                MakeRoom(_timeProvider.GetUtcNow());
            }

            _records[key] = stored;
            Enqueue(key, stored);
        }

        return Task.FromResult(stored.Record);
    }

    public Task<bool> DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var key = ValidKey(partitionKey, rowKey);
        cancellationToken.ThrowIfCancellationRequested();

        // An expired record was already absent: removing it is housekeeping, not a delete.
        return Task.FromResult(_records.TryRemove(key, out var removed) && !IsExpired(removed, _timeProvider.GetUtcNow()));
    }

    public Task<T?> ConsumeAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var key = ValidKey(partitionKey, rowKey);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryRemove(key, out var removed) || IsExpired(removed, _timeProvider.GetUtcNow()))
        {
            return Task.FromResult<T?>(null);
        }

        return Task.FromResult<T?>(removed.Record);
    }

    /// <summary>Called under <see cref="_addGate"/>: evicts until one more record fits.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        var evictedLive = 0;
        while (_records.Count >= Capacity && _byExpiry.TryDequeue(out var entry, out var queuedExpiry))
        {
            if (!_records.TryGetValue(entry.Key, out var current) || current.Generation != entry.Generation)
            {
                continue; // deleted or replaced since it was queued
            }

            var expiresAt = _schema.ExpiresAt(current.Record);
            if (expiresAt > queuedExpiry)
            {
                _byExpiry.Enqueue(entry, expiresAt); // its expiry slid: take its new place in line
                continue;
            }

            // Closest to expiry (or already expired). A live session's client gets 404 and re-initializes, which is what
            // the MCP spec tells clients to do when a session disappears; an OAuth client starts its flow again.
            if (_records.TryRemove(new KeyValuePair<(string, string), Slot>(entry.Key, current)))
            {
                evictedLive += IsExpired(current, now) ? 0 : 1;
            }
            else
            {
                _byExpiry.Enqueue(entry, expiresAt); // updated meanwhile: look at it again
            }
        }

        if (evictedLive > 0)
        {
            ReportEvictions(evictedLive, now);
        }
    }

    /// <summary>Called under <see cref="_addGate"/>, after <paramref name="slot"/> was stored.</summary>
    private void Enqueue((string, string) key, Slot slot)
    {
        // Entries of records removed by reads and deletes are only dropped when they reach the front; rebuild the
        // queue when they outnumber the records, so its size stays proportional to the set (amortised O(1)).
        if (_byExpiry.Count > (2 * _records.Count) + 64)
        {
            _byExpiry.Clear();
            foreach (var (storedKey, stored) in _records)
            {
                _byExpiry.Enqueue((storedKey, stored.Generation), _schema.ExpiresAt(stored.Record));
            }

            return;
        }

        _byExpiry.Enqueue((key, slot.Generation), _schema.ExpiresAt(slot.Record));
    }

    /// <summary>Called under <see cref="_addGate"/>: one report per interval with how many live records were evicted.</summary>
    private void ReportEvictions(int evicted, DateTimeOffset now)
    {
        _evictedSinceReport += evicted;
        if (_reportLiveEvictions is null || now - _lastReport < EvictionReportInterval)
        {
            return;
        }

        _reportLiveEvictions(_evictedSinceReport, Capacity);
        _evictedSinceReport = 0;
        _lastReport = now;
    }

    /// <summary>The record's keys, from the row the Table set would write, checked by the same rules.</summary>
    private (string, string) KeyOf(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = _schema.ToEntity(record);
        return ValidKey(entity.PartitionKey, entity.RowKey);
    }

    private static (string, string) ValidKey(string partitionKey, string rowKey)
    {
        TableKeyValidation.ValidateKey(partitionKey, nameof(partitionKey));
        TableKeyValidation.ValidateKey(rowKey, nameof(rowKey));
        return (partitionKey, rowKey);
    }

    private bool IsExpired(Slot slot, DateTimeOffset now) => _schema.IsExpired(slot.Record, now);

    private Slot NewSlot(T record) => new(_schema.WithETag(record, NextETag()), Interlocked.Increment(ref _lastGeneration));

    // Unique within the process, which is the set's whole lifetime; quoted like an HTTP entity tag.
    private string NextETag() =>
        $"\"{Interlocked.Increment(ref _lastETag).ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>One stored version. A class, so compare-and-swap compares versions by reference.</summary>
    private sealed class Slot(T record, long generation)
    {
        public T Record { get; } = record;

        /// <summary>Set when the record is added (create, upsert), kept by updates: tells queue entries of a removed record apart.</summary>
        public long Generation { get; } = generation;
    }
}
