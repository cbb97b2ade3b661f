using Azure.Data.Tables;

namespace McpFunctions.Storage;

/// <summary>
/// An <see cref="IExpiringRecordSet{T}"/> in one Azure Table Storage table, through <see cref="StorageTable"/>.
/// Table Storage has no TTL: rows past their expiry read as absent and stay until the purge job deletes them (it
/// filters on the row's <c>ExpiresAt</c>); a create may take over the keys of such a row. Updates and consumes are
/// If-Match on the ETag read.
/// </summary>
internal sealed class TableExpiringRecordSet<T> : IExpiringRecordSet<T>
    where T : class
{
    private readonly StorageTable _table;
    private readonly ExpiringRecordSchema<T> _schema;
    private readonly TimeProvider _timeProvider;

    public TableExpiringRecordSet(TableStorage storage, string tableName, ExpiringRecordSchema<T> schema, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _table = storage.GetTableClient(tableName);
        _schema = schema;
        _timeProvider = timeProvider;
        Connection = storage.Connection;
    }

    public string TableName => _table.Name;

    /// <summary>Where the table is (for the start-up log).</summary>
    public TableStorageConnection Connection { get; }

    public async Task<StoreWriteResult<T>> CreateAsync(T record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = _schema.ToEntity(record);
        var inserted = await _table.AddEntityAsync(entity, cancellationToken);
        if (inserted.Status != StoreWriteStatus.Conflict)
        {
            return ToResult(inserted);
        }

        // The keys are taken. If only by an expired row the purge job has not removed yet, they are free
        // (expired = absent): replace that row on its ETag, so a live record is never overwritten.
        var existing = await _table.GetEntityAsync(entity.PartitionKey, entity.RowKey, cancellationToken);
        if (existing is null)
        {
            return ToResult(await _table.AddEntityAsync(entity, cancellationToken));
        }

        if (!IsExpired(_schema.FromEntity(existing)))
        {
            return StoreWriteResult<T>.Failed(StoreWriteStatus.Conflict);
        }

        var replaced = await _table.UpdateEntityAsync(entity, existing.ETag.ToString(), cancellationToken);
        return replaced.Succeeded ? ToResult(replaced) : StoreWriteResult<T>.Failed(StoreWriteStatus.Conflict);
    }

    /// <summary>Exactly one point read (PartitionKey + RowKey).</summary>
    public async Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityAsync(partitionKey, rowKey, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var record = _schema.FromEntity(entity);
        return IsExpired(record) ? null : record;
    }

    public async Task<IReadOnlyList<T>> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        TableKeyValidation.ValidateKey(partitionKey, nameof(partitionKey));
        var records = new List<T>();
        await foreach (var entity in _table.QueryAsync(TableQueryFilter.Equal("PartitionKey", partitionKey), null, null, cancellationToken))
        {
            var record = _schema.FromEntity(entity);
            if (!IsExpired(record))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>One request: Update Entity (replace) with If-Match: the record's ETag; it does not re-read.</summary>
    public async Task<StoreWriteResult<T>> UpdateAsync(T record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var etag = _schema.RequireETag(record);
        return ToResult(await _table.UpdateEntityAsync(_schema.ToEntity(record), etag, cancellationToken));
    }

    public async Task<T> UpsertAsync(T record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _schema.FromEntity(await _table.UpsertEntityAsync(_schema.ToEntity(record), cancellationToken));
    }

    /// <summary>A point read (to tell a live row from an expired one), then a delete of any version (<c>If-Match: *</c>).</summary>
    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var existing = await _table.GetEntityAsync(partitionKey, rowKey, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        var status = await _table.DeleteEntityAsync(partitionKey, rowKey, "*", cancellationToken);
        return status == StoreWriteStatus.Success && !IsExpired(_schema.FromEntity(existing));
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
        var entity = await _table.GetEntityAsync(partitionKey, rowKey, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var deleted = await _table.DeleteEntityAsync(partitionKey, rowKey, entity.ETag.ToString(), cancellationToken);
        if (deleted != StoreWriteStatus.Success)
        {
            return null;
        }

        var record = _schema.FromEntity(entity);
        return IsExpired(record) ? null : record;
    }

    private bool IsExpired(T record) => _schema.IsExpired(record, _timeProvider.GetUtcNow());

    private StoreWriteResult<T> ToResult(StoreWriteResult<TableEntity> result) =>
        result.Succeeded ? StoreWriteResult<T>.Success(_schema.FromEntity(result.Value!)) : StoreWriteResult<T>.Failed(result.Status);
}
