using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace McpFunctions.Storage;

/// <summary>
/// Entity operations on one table, over the shared pipeline of <see cref="TableServiceClient"/>.
/// The table is created on first use (once per process). 404, 409 and 412 are results
/// (<see cref="StoreWriteStatus"/>, null, false); every other failure is a fault and throws
/// <see cref="RequestFailedException"/>. Keys are validated before anything is sent.
/// </summary>
/// <remarks>
/// Azure.Core retries a request whose answer was lost (timeout, 5xx). A retried write can then see
/// its own first attempt: an insert answers 409, a conditional update 412, a delete 404. Callers
/// that must tell these apart re-read the entity; for random ids and ETags this is the only way a
/// "lost race" can be reported for a write that actually happened.
/// </remarks>
internal sealed class TableClient
{
    private const string TableNotFoundCode = "TableNotFound";
    private const string EntityAlreadyExistsCode = "EntityAlreadyExists";

    private readonly TableServiceClient _service;

    internal TableClient(TableServiceClient service, string name)
    {
        _service = service;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Insert Entity: <see cref="StoreWriteStatus.Conflict"/> when an entity with these keys exists.</summary>
    /// <returns>On success, a copy of <paramref name="entity"/> carrying the new ETag.</returns>
    public Task<StoreWriteResult<TableEntity>> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);

        return SendAsync(
            "insert",
            () =>
            {
                var message = _service.CreateMessage(RequestMethod.Post, Name);
                message.Request.Headers.SetValue(TableHeaderNames.Prefer, TableHeaderNames.ReturnNoContent);
                SetJsonContent(message, entity);
                return message;
            },
            response => response.Status switch
            {
                201 or 204 => StoreWriteResult<TableEntity>.Success(entity.WithETag(ReadETag(response))),
                409 when ErrorCode(response) == EntityAlreadyExistsCode => Outcome("insert", response, StoreWriteStatus.Conflict),
                _ => throw _service.CreateException("insert", Name, response),
            },
            cancellationToken);
    }

    /// <summary>Query Entity by its keys: one point read; null when there is no such entity.</summary>
    public Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var entityUrl = EntityUrl(partitionKey, rowKey);

        return SendAsync(
            "get",
            () => _service.CreateMessage(RequestMethod.Get, entityUrl),
            response => response.Status switch
            {
                200 => ReadEntity(response),
                404 => null,
                _ => throw _service.CreateException("get", Name, response),
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
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        var entityUrl = EntityUrl(entity.PartitionKey, entity.RowKey);

        return SendAsync(
            "update",
            () =>
            {
                var message = _service.CreateMessage(RequestMethod.Put, entityUrl);
                message.Request.Headers.SetValue(TableHeaderNames.IfMatch, ifMatch);
                SetJsonContent(message, entity);
                return message;
            },
            response => response.Status switch
            {
                204 => StoreWriteResult<TableEntity>.Success(entity.WithETag(ReadETag(response))),
                404 => Outcome("update", response, StoreWriteStatus.NotFound),
                412 => Outcome("update", response, StoreWriteStatus.PreconditionFailed),
                _ => throw _service.CreateException("update", Name, response),
            },
            cancellationToken);
    }

    /// <summary>Insert Or Replace Entity: writes unconditionally (no If-Match), last writer wins.</summary>
    /// <returns>A copy of <paramref name="entity"/> carrying the new ETag.</returns>
    public Task<TableEntity> UpsertEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var entityUrl = EntityUrl(entity.PartitionKey, entity.RowKey);

        return SendAsync(
            "upsert",
            () =>
            {
                var message = _service.CreateMessage(RequestMethod.Put, entityUrl);
                SetJsonContent(message, entity);
                return message;
            },
            response => response.Status == 204
                ? entity.WithETag(ReadETag(response))
                : throw _service.CreateException("upsert", Name, response),
            cancellationToken);
    }

    /// <summary>
    /// Delete Entity, conditional on <paramref name="ifMatch"/> (an ETag, or <c>*</c> for any version;
    /// the service requires one of the two). <see cref="StoreWriteStatus.NotFound"/> when there was
    /// nothing to delete, <see cref="StoreWriteStatus.PreconditionFailed"/> when it changed meanwhile.
    /// </summary>
    public Task<StoreWriteStatus> DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        var entityUrl = EntityUrl(partitionKey, rowKey);

        return SendAsync(
            "delete",
            () =>
            {
                var message = _service.CreateMessage(RequestMethod.Delete, entityUrl);
                message.Request.Headers.SetValue(TableHeaderNames.IfMatch, ifMatch);
                return message;
            },
            response => response.Status switch
            {
                204 => StoreWriteStatus.Success,
                404 => Outcome("delete", response, StoreWriteStatus.NotFound).Status,
                412 => Outcome("delete", response, StoreWriteStatus.PreconditionFailed).Status,
                _ => throw _service.CreateException("delete", Name, response),
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
        TableContinuationToken? continuation,
        CancellationToken cancellationToken)
    {
        if (maxPerPage is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxPerPage.Value, 1, nameof(maxPerPage));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPerPage.Value, TableStorageDefaults.MaxPageSize, nameof(maxPerPage));
        }

        var url = BuildQueryUrl(filter, maxPerPage, select, continuation);

        return SendAsync(
            "query",
            () => _service.CreateMessage(RequestMethod.Get, url),
            response => response.Status == 200
                ? new TableQueryPage(TableEntityJson.ReadQueryResult(response.Content), ReadContinuation(response))
                : throw _service.CreateException("query", Name, response),
            cancellationToken);
    }

    /// <summary>Every entity matching <paramref name="filter"/>, following continuations page by page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter,
        int? maxPerPage,
        IReadOnlyList<string>? select,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableContinuationToken? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, maxPerPage, select, continuation, cancellationToken);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// Deletes up to 100 entities of one partition in a single entity group transaction: all or none.
    /// Each delete is conditional on the entity's <see cref="TableEntity.ETag"/> (<c>*</c> when it has
    /// none), so an entity changed since it was read is kept and the whole transaction reports
    /// <see cref="StoreWriteStatus.PreconditionFailed"/> with the index of that entity.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, more than 100, mixed partitions, or the same entity twice (service rules).</exception>
    public async Task<TableBatchResult> DeleteEntitiesAsync(IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken)
    {
        ValidateBatch(entities);

        var deletes = entities
            .Select(entity => (_service.GetAbsoluteUrl(EntityUrl(entity.PartitionKey, entity.RowKey)), entity.ETag ?? "*"))
            .ToList();

        return await SendAsync(
            "transaction",
            () =>
            {
                var (content, contentType) = TableBatchContent.CreateDeletes(deletes);
                var message = _service.CreateMessage(RequestMethod.Post, "$batch");
                message.Request.Headers.SetValue(HttpHeader.Names.ContentType, contentType);
                message.Request.Content = RequestContent.Create(content);
                return message;
            },
            response =>
            {
                if (response.Status != 202)
                {
                    throw _service.CreateException("transaction", Name, response);
                }

                var batch = TableBatchContent.Read(response.Content);
                var result = batch.FailedStatus switch
                {
                    null when batch.ResponseCount == deletes.Count => TableBatchResult.Success,
                    404 => new TableBatchResult(StoreWriteStatus.NotFound, batch.FailedIndex),
                    409 => new TableBatchResult(StoreWriteStatus.Conflict, batch.FailedIndex),
                    412 => new TableBatchResult(StoreWriteStatus.PreconditionFailed, batch.FailedIndex),
                    _ => throw new RequestFailedException(
                        batch.FailedStatus ?? response.Status,
                        $"The transaction on table {Name} failed (operation {batch.FailedIndex?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, {batch.ErrorCode ?? "no error code"}).",
                        batch.ErrorCode,
                        null),
                };
                TableStorageLog.BatchCompleted(_service.Logger, deletes.Count, Name, result.Status, result.FailedIndex);
                return result;
            },
            cancellationToken);
    }

    /// <summary>
    /// Ensures the table, sends, and interprets the answer while the response is still alive. If the
    /// table was deleted after this process created it (an operator, a test), it is created again and
    /// the request sent once more, instead of failing every request until the process restarts.
    /// </summary>
    private async Task<T> SendAsync<T>(string operation, Func<HttpMessage> createMessage, Func<Response, T> interpret, CancellationToken cancellationToken)
    {
        await _service.EnsureTableExistsAsync(Name, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var message = createMessage();
            var response = await _service.SendAsync(message, cancellationToken);
            if (attempt == 1 && response.Status == 404 && ErrorCode(response) == TableNotFoundCode)
            {
                TableStorageLog.TableMissing(_service.Logger, Name, operation);
                _service.ForgetTable(Name);
                await _service.EnsureTableExistsAsync(Name, cancellationToken);
                continue;
            }

            return interpret(response);
        }
    }

    private StoreWriteResult<TableEntity> Outcome(string operation, Response response, StoreWriteStatus status)
    {
        TableStorageLog.ConditionalOutcome(_service.Logger, operation, Name, response.Status, status);
        return StoreWriteResult<TableEntity>.Failed(status);
    }

    /// <summary>
    /// <c>{table}(PartitionKey='..',RowKey='..')</c>. OData doubles a single quote inside a string
    /// literal, and the result is percent-encoded so spaces, quotes and non-ASCII survive the URL.
    /// </summary>
    private string EntityUrl(string partitionKey, string rowKey)
    {
        TableKeyValidation.ValidateKey(partitionKey, nameof(partitionKey));
        TableKeyValidation.ValidateKey(rowKey, nameof(rowKey));
        return $"{Name}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private string BuildQueryUrl(string? filter, int? maxPerPage, IReadOnlyList<string>? select, TableContinuationToken? continuation)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(filter))
        {
            query.Add($"$filter={Uri.EscapeDataString(filter)}");
        }

        if (maxPerPage is not null)
        {
            query.Add($"$top={maxPerPage.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        if (select is { Count: > 0 })
        {
            foreach (var name in select)
            {
                TableEntity.ValidatePropertyName(name);
            }

            // The keys are always selected: TableEntity cannot exist without them.
            var columns = select.Prepend("RowKey").Prepend("PartitionKey").Distinct(StringComparer.Ordinal);
            query.Add($"$select={Uri.EscapeDataString(string.Join(',', columns))}");
        }

        if (continuation is not null)
        {
            query.Add($"NextPartitionKey={Uri.EscapeDataString(continuation.NextPartitionKey)}");
            if (continuation.NextRowKey is not null)
            {
                query.Add($"NextRowKey={Uri.EscapeDataString(continuation.NextRowKey)}");
            }
        }

        // "()" addresses the entity set of the table, as Query Entities documents it.
        return query.Count == 0 ? $"{Name}()" : $"{Name}()?{string.Join('&', query)}";
    }

    private static void ValidateBatch(IReadOnlyList<TableEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Count is 0 or > TableStorageDefaults.MaxBatchOperations)
        {
            throw new ArgumentException($"A transaction holds 1 to {TableStorageDefaults.MaxBatchOperations} operations; got {entities.Count}.", nameof(entities));
        }

        var partitionKey = entities[0].PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every entity of a transaction must be in the same partition.", nameof(entities));
            }

            if (!rowKeys.Add(entity.RowKey))
            {
                throw new ArgumentException("A transaction may touch each entity only once.", nameof(entities));
            }
        }
    }

    private static void SetJsonContent(HttpMessage message, TableEntity entity)
    {
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, TableStorageDefaults.ContentTypeJson);
        message.Request.Content = RequestContent.Create(TableEntityJson.Write(entity));
    }

    private static TableEntity ReadEntity(Response response)
    {
        using var document = JsonDocument.Parse(response.Content);
        return TableEntityJson.Read(document.RootElement, ReadETag(response));
    }

    private static string? ReadETag(Response response) =>
        response.Headers.TryGetValue(TableHeaderNames.ETag, out var etag) ? etag : null;

    private static string? ErrorCode(Response response) => TableErrorDetailsParser.ReadError(response.Content).Code;

    private static TableContinuationToken? ReadContinuation(Response response) =>
        response.Headers.TryGetValue(TableHeaderNames.ContinuationNextPartitionKey, out var nextPartitionKey) && !string.IsNullOrEmpty(nextPartitionKey)
            ? new TableContinuationToken(
                nextPartitionKey,
                response.Headers.TryGetValue(TableHeaderNames.ContinuationNextRowKey, out var nextRowKey) && !string.IsNullOrEmpty(nextRowKey) ? nextRowKey : null)
            : null;
}
