namespace McpFunctions.Storage;

/// <summary>
/// Records that expire, kept by (PartitionKey, RowKey): the storage under the session store and the OAuth stores.
/// Implementations: <see cref="TableExpiringRecordSet{T}"/> (Azure Table Storage, shared by every instance) and
/// <see cref="InMemoryExpiringRecordSet{T}"/> (one process). Both follow the same rules: a record past its expiry
/// reads as absent and its keys are free for a create; every write returns the record with a new ETag; updates and
/// consumes are conditional on the ETag read, so two writers never overwrite each other's change silently; 404, 409
/// and 412 are results, never exceptions; storage that does not answer is <see cref="StorageUnavailableException"/>.
/// </summary>
internal interface IExpiringRecordSet<T>
    where T : class
{
    /// <summary>Stores a new record. <see cref="StoreWriteStatus.Conflict"/> while a live record has its keys.</summary>
    Task<StoreWriteResult<T>> CreateAsync(T record, CancellationToken cancellationToken);

    /// <summary>One point read; null when there is no record or it has expired.</summary>
    Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken);

    /// <summary>Every live record of one partition (for small partitions such as the signing keys).</summary>
    Task<IReadOnlyList<T>> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record if its ETag still matches: <see cref="StoreWriteStatus.PreconditionFailed"/> when another
    /// writer got there first, <see cref="StoreWriteStatus.NotFound"/> when it is gone.
    /// </summary>
    /// <remarks>
    /// A record that expires between the caller's read and this update may still be updated: the Table set writes
    /// with one conditional request and does not re-read (the in-memory set reports it absent).
    /// </remarks>
    /// <exception cref="ArgumentException">The record carries no ETag (it was never read from the set).</exception>
    Task<StoreWriteResult<T>> UpdateAsync(T record, CancellationToken cancellationToken);

    /// <summary>Insert or replace, unconditionally (a cache refresh: last writer wins).</summary>
    Task<T> UpsertAsync(T record, CancellationToken cancellationToken);

    /// <summary>Deletes whatever version is there; false when there was no live record.</summary>
    Task<bool> DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken);

    /// <summary>Removes and returns the live record: of concurrent callers exactly one gets it.</summary>
    Task<T?> ConsumeAsync(string partitionKey, string rowKey, CancellationToken cancellationToken);
}
