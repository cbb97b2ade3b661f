using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace McpFunctions.Storage;

/// <summary>
/// Entity operations on one table through Azure.Data.Tables, in the shape the stores use: 404, 409 and 412 are
/// results (<see cref="StoreWriteStatus"/>, null), never exceptions, so stores do not catch; storage that does not
/// answer is <see cref="StorageUnavailableException"/>; any other failure is a fault
/// (<see cref="RequestFailedException"/>). Keys are validated before anything is sent, null properties are not
/// sent (Table Storage has no null), and every entity returned carries its ETag.
/// </summary>
/// <remarks>
/// Azure.Core retries a request whose answer was lost (timeout, 5xx). A retried write can then see
/// its own first attempt: an insert answers 409, a conditional update 412, a delete 404. Callers
/// that must tell these apart re-read the entity; for random ids and ETags this is the only way a
/// "lost race" can be reported for a write that actually happened.
/// </remarks>
internal sealed class StorageTable
{
    private const string EntityAlreadyExistsCode = "EntityAlreadyExists";

    private readonly TableStorage _storage;
    private readonly TableClient _client;

    internal StorageTable(TableStorage storage, TableClient client, string name)
    {
        _storage = storage;
        _client = client;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Insert Entity: <see cref="StoreWriteStatus.Conflict"/> when an entity with these keys exists.</summary>
    /// <returns>On success, a copy of <paramref name="entity"/> carrying the new ETag.</returns>
    public Task<StoreWriteResult<TableEntity>> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var outgoing = Outgoing(entity);
        return SendAsync(
            "insert",
            async token =>
            {
                try
                {
                    var response = await _client.AddEntityAsync(outgoing, token).ConfigureAwait(false);
                    return StoreWriteResult<TableEntity>.Success(Stored(outgoing, response.Headers.ETag));
                }
                catch (RequestFailedException exception) when (exception is { Status: 409, ErrorCode: EntityAlreadyExistsCode })
                {
                    return Outcome("insert", exception.Status, StoreWriteStatus.Conflict);
                }
            },
            cancellationToken);
    }

    /// <summary>Query Entity by its keys: one point read; null when there is no such entity.</summary>
    public Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        ValidateKeys(partitionKey, rowKey);
        return SendAsync(
            "get",
            async token =>
            {
                // Not GetEntityIfExists: it reports a deleted table as a missing row, so the table would never be
                // created again. Here that 404 (TableNotFound) reaches SendAsync, which re-creates the table.
                try
                {
                    var response = await _client.GetEntityAsync<TableEntity>(partitionKey, rowKey, cancellationToken: token).ConfigureAwait(false);
                    return response.Value;
                }
                catch (RequestFailedException exception) when (exception.Status == 404 && !TableStorage.IsTableNotFound(exception))
                {
                    return null;
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Update Entity (replace): succeeds only while the stored ETag equals <paramref name="ifMatch"/>
    /// (<c>*</c> matches any). <see cref="StoreWriteStatus.PreconditionFailed"/> when another writer
    /// changed it, <see cref="StoreWriteStatus.NotFound"/> when it was deleted.
    /// </summary>
    public Task<StoreWriteResult<TableEntity>> UpdateEntityAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        var outgoing = Outgoing(entity);
        var etag = new ETag(ifMatch);
        return SendAsync(
            "update",
            async token =>
            {
                try
                {
                    var response = await _client.UpdateEntityAsync(outgoing, etag, TableUpdateMode.Replace, token).ConfigureAwait(false);
                    return StoreWriteResult<TableEntity>.Success(Stored(outgoing, response.Headers.ETag));
                }
                catch (RequestFailedException exception) when (exception.Status == 412)
                {
                    return Outcome("update", exception.Status, StoreWriteStatus.PreconditionFailed);
                }
                catch (RequestFailedException exception) when (exception.Status == 404 && !TableStorage.IsTableNotFound(exception))
                {
                    return Outcome("update", exception.Status, StoreWriteStatus.NotFound);
                }
            },
            cancellationToken);
    }

    /// <summary>Insert Or Replace Entity: writes unconditionally (no If-Match), last writer wins.</summary>
    /// <returns>A copy of <paramref name="entity"/> carrying the new ETag.</returns>
    public Task<TableEntity> UpsertEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var outgoing = Outgoing(entity);
        return SendAsync(
            "upsert",
            async token =>
            {
                var response = await _client.UpsertEntityAsync(outgoing, TableUpdateMode.Replace, token).ConfigureAwait(false);
                return Stored(outgoing, response.Headers.ETag);
            },
            cancellationToken);
    }

    /// <summary>
    /// Delete Entity, conditional on <paramref name="ifMatch"/> (an ETag, or <c>*</c> for any version).
    /// <see cref="StoreWriteStatus.NotFound"/> when there was nothing to delete (in a deleted table too: the
    /// next write creates it again), <see cref="StoreWriteStatus.PreconditionFailed"/> when it changed meanwhile.
    /// </summary>
    public Task<StoreWriteStatus> DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken)
    {
        ValidateKeys(partitionKey, rowKey);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        var etag = new ETag(ifMatch);
        return SendAsync(
            "delete",
            async token =>
            {
                try
                {
                    // The library answers 404 with its response instead of throwing.
                    var response = await _client.DeleteEntityAsync(partitionKey, rowKey, etag, token).ConfigureAwait(false);
                    return response.Status == 404
                        ? Outcome("delete", 404, StoreWriteStatus.NotFound).Status
                        : StoreWriteStatus.Success;
                }
                catch (RequestFailedException exception) when (exception.Status == 412)
                {
                    return Outcome("delete", exception.Status, StoreWriteStatus.PreconditionFailed).Status;
                }
                catch (RequestFailedException exception) when (exception.Status == 404)
                {
                    return Outcome("delete", exception.Status, StoreWriteStatus.NotFound).Status;
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// One page of Query Entities. <paramref name="filter"/> is an OData <c>$filter</c> (build literals
    /// with <see cref="TableQueryFilter"/>); <paramref name="maxPerPage"/> is <c>$top</c> (1-1000);
    /// <paramref name="select"/> limits the properties returned (the keys always come back). A page
    /// may be empty and still have a continuation: the service stops at partition boundaries and after 5 s.
    /// </summary>
    public Task<TableQueryPage> QueryPageAsync(
        string? filter,
        int? maxPerPage,
        IReadOnlyList<string>? select,
        string? continuation,
        CancellationToken cancellationToken)
    {
        if (maxPerPage is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxPerPage.Value, 1, nameof(maxPerPage));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPerPage.Value, TableStorageDefaults.MaxPageSize, nameof(maxPerPage));
        }

        var columns = Projection(select);
        return SendAsync(
            "query",
            async token =>
            {
                var pages = _client.QueryAsync<TableEntity>(filter, maxPerPage, columns, token).AsPages(continuation, maxPerPage);
                await using var enumerator = pages.GetAsyncEnumerator(token);
                return await enumerator.MoveNextAsync().ConfigureAwait(false)
                    ? new TableQueryPage(enumerator.Current.Values, string.IsNullOrEmpty(enumerator.Current.ContinuationToken) ? null : enumerator.Current.ContinuationToken)
                    : new TableQueryPage([], null);
            },
            cancellationToken);
    }

    /// <summary>Every entity matching <paramref name="filter"/>, page by page, each page within its own budget.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter,
        int? maxPerPage,
        IReadOnlyList<string>? select,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, maxPerPage, select, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// Ensures the table, sends within the budget, and if the table was deleted after this process created it (an
    /// operator, a test), creates it again and sends once more, instead of failing every request until the process
    /// restarts.
    /// </summary>
    private Task<T> SendAsync<T>(string operation, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken) =>
        _storage.RunAsync(
            operation,
            Name,
            async token =>
            {
                await _storage.EnsureTableExistsAsync(Name, token).ConfigureAwait(false);
                try
                {
                    return await send(token).ConfigureAwait(false);
                }
                catch (RequestFailedException exception) when (TableStorage.IsTableNotFound(exception))
                {
                    TableStorageLog.TableMissing(_storage.Logger, Name, operation);
                    _storage.ForgetTable(Name);
                    await _storage.EnsureTableExistsAsync(Name, token).ConfigureAwait(false);
                    return await send(token).ConfigureAwait(false);
                }
            },
            cancellationToken);

    private StoreWriteResult<TableEntity> Outcome(string operation, int status, StoreWriteStatus outcome)
    {
        TableStorageLog.ConditionalOutcome(_storage.Logger, operation, Name, status, outcome);
        return StoreWriteResult<TableEntity>.Failed(outcome);
    }

    /// <summary>
    /// What is sent for <paramref name="entity"/>: keys and property names checked, null values left out (the
    /// service stores no nulls; a store sets an optional property to null to mean "absent"), never the caller's
    /// instance, so the ETag set on the result does not change what the caller holds.
    /// </summary>
    private static TableEntity Outgoing(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKeys(entity.PartitionKey, entity.RowKey);
        var outgoing = new TableEntity(entity.PartitionKey, entity.RowKey);
        foreach (var (name, value) in entity)
        {
            if (value is null || name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            TableKeyValidation.ValidatePropertyName(name);
            outgoing[name] = value;
        }

        return outgoing;
    }

    private static TableEntity Stored(TableEntity sent, ETag? etag)
    {
        // Every successful write answers with the new ETag; without one the next conditional write could not be made.
        sent.ETag = etag ?? throw new InvalidOperationException("The Table service answered a write without an ETag.");
        return sent;
    }

    /// <summary>The keys are always selected: without them the library returns entities with empty keys.</summary>
    private static List<string>? Projection(IReadOnlyList<string>? select)
    {
        if (select is not { Count: > 0 })
        {
            return null;
        }

        foreach (var name in select)
        {
            TableKeyValidation.ValidatePropertyName(name);
        }

        return ["PartitionKey", "RowKey", .. select.Where(name => name is not ("PartitionKey" or "RowKey")).Distinct(StringComparer.Ordinal)];
    }

    private static void ValidateKeys(string partitionKey, string rowKey)
    {
        TableKeyValidation.ValidateKey(partitionKey, nameof(partitionKey));
        TableKeyValidation.ValidateKey(rowKey, nameof(rowKey));
    }
}
