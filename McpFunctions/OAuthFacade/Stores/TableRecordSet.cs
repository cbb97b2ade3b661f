using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// The Table Storage half of every OAuth store: one table, records mapped to entities by the store, and the
/// same rules as <see cref="InMemoryRecordSet{T}"/> — expired rows read as absent (the purge job deletes them;
/// Table Storage has no TTL), a create may take over the keys of an expired row, updates and consumes are
/// If-Match on the ETag read.
/// </summary>
internal sealed class TableRecordSet<T>(
    StorageTable table,
    Func<T, TableEntity> toEntity,
    Func<TableEntity, T> fromEntity,
    Func<T, DateTimeOffset> expiresAtOf,
    TimeProvider timeProvider)
    where T : class
{
    public string TableName => table.Name;

    public async Task<StoreWriteResult<T>> CreateAsync(T record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = toEntity(record);
        var inserted = await table.AddEntityAsync(entity, cancellationToken);
        if (inserted.Status != StoreWriteStatus.Conflict)
        {
            return ToResult(inserted);
        }

        // The keys are taken. If only by an expired row the purge job has not removed yet, they are free
        // (expired = absent): replace that row on its ETag, so a live record is never overwritten.
        var existing = await table.GetEntityAsync(entity.PartitionKey, entity.RowKey, cancellationToken);
        if (existing is null)
        {
            return ToResult(await table.AddEntityAsync(entity, cancellationToken));
        }

        if (!IsExpired(fromEntity(existing)))
        {
            return StoreWriteResult<T>.Failed(StoreWriteStatus.Conflict);
        }

        var replaced = await table.UpdateEntityAsync(entity, existing.ETag.ToString(), cancellationToken);
        return replaced.Succeeded ? ToResult(replaced) : StoreWriteResult<T>.Failed(StoreWriteStatus.Conflict);
    }

    /// <summary>One point read; null when there is no row or it has expired.</summary>
    public async Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityAsync(partitionKey, rowKey, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var record = fromEntity(entity);
        return IsExpired(record) ? null : record;
    }

    /// <summary>Every live row of one partition.</summary>
    public async Task<IReadOnlyList<T>> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var records = new List<T>();
        await foreach (var entity in table.QueryAsync(TableQueryFilter.Equal("PartitionKey", partitionKey), null, null, cancellationToken))
        {
            var record = fromEntity(entity);
            if (!IsExpired(record))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Replace with If-Match: the ETag the caller read. PreconditionFailed when another writer got there first.</summary>
    public async Task<StoreWriteResult<T>> UpdateAsync(T record, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(etag))
        {
            throw new ArgumentException("An update needs the ETag of the record it replaces (read it first).", nameof(record));
        }

        return ToResult(await table.UpdateEntityAsync(toEntity(record), etag, cancellationToken));
    }

    /// <summary>Insert or replace, unconditionally (a cache refresh: last writer wins).</summary>
    public async Task<T> UpsertAsync(T record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return fromEntity(await table.UpsertEntityAsync(toEntity(record), cancellationToken));
    }

    /// <summary>Deletes whatever version is there; false when there was no live row.</summary>
    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityAsync(partitionKey, rowKey, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        var status = await table.DeleteEntityAsync(partitionKey, rowKey, "*", cancellationToken);
        return status == StoreWriteStatus.Success && !IsExpired(fromEntity(existing));
    }

    /// <summary>
    /// Get, then delete with If-Match on the ETag read: of two concurrent consumers exactly one delete succeeds
    /// (the other gets 404 or 412) and only that one returns the record. An expired row is deleted and reads as absent.
    /// </summary>
    /// <remarks>
    /// If the answer to a successful delete is lost and Azure.Core retries it, the retry sees 404 and nobody gets
    /// the record: the flow fails closed (the user starts again), never twice.
    /// </remarks>
    public async Task<T?> ConsumeAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityAsync(partitionKey, rowKey, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var deleted = await table.DeleteEntityAsync(partitionKey, rowKey, entity.ETag.ToString(), cancellationToken);
        if (deleted != StoreWriteStatus.Success)
        {
            return null;
        }

        var record = fromEntity(entity);
        return IsExpired(record) ? null : record;
    }

    private bool IsExpired(T record) => expiresAtOf(record) <= timeProvider.GetUtcNow();

    private StoreWriteResult<T> ToResult(StoreWriteResult<TableEntity> result) =>
        result.Succeeded ? StoreWriteResult<T>.Success(fromEntity(result.Value!)) : StoreWriteResult<T>.Failed(result.Status);
}
