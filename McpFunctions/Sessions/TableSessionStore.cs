using Azure.Data.Tables;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

/// <summary>
/// Sessions in Azure Table Storage, so any instance can serve any request of a session.
/// <para>
/// Schema (table <see cref="SessionStoreOptions.TableName"/>, default <c>McpSessions</c>): PartitionKey
/// is the session id and RowKey is the constant <see cref="SessionRowKey"/>. A partition per session
/// spreads sessions over every partition server and makes <see cref="GetAsync"/> one point read
/// (PartitionKey + RowKey); the constant RowKey leaves room for rows that belong to a session (e.g.
/// stream events) in the same partition, where a transaction can update them together with it. The
/// price is that a purge deletes expired sessions one request each: a transaction cannot span partitions.
/// </para>
/// <para>
/// Expiry: Table Storage has no TTL. Readers treat a row past its <c>ExpiresAt</c> as absent and leave
/// it for the purge job; <see cref="CreateAsync"/> may reuse the id of such a row.
/// </para>
/// </summary>
internal sealed class TableSessionStore(TableStorage tableService, IOptions<SessionStoreOptions> options, TimeProvider timeProvider)
    : ISessionStore
{
    /// <summary>The RowKey of the session row in its partition.</summary>
    public const string SessionRowKey = "session";

    private const string ProtocolVersionProperty = "ProtocolVersion";
    private const string ClientNameProperty = "ClientName";
    private const string ClientVersionProperty = "ClientVersion";
    private const string ClientCapabilitiesJsonProperty = "ClientCapabilitiesJson";
    private const string InitializedProperty = "Initialized";
    private const string SubjectProperty = "Subject";
    private const string LogLevelProperty = "LogLevel";
    private const string CreatedAtProperty = "CreatedAt";
    private const string LastSeenAtProperty = "LastSeenAt";

    /// <summary>The purge job filters on this property (<c>ExpiresAt lt datetime'now'</c>).</summary>
    public const string ExpiresAtProperty = "ExpiresAt";

    private readonly StorageTable _table = tableService.GetTableClient(options.Value.TableName);

    public string TableName => _table.Name;

    public TableStorageConnection Connection => tableService.Connection;

    public async Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);

        var entity = ToEntity(session);
        var inserted = await _table.AddEntityAsync(entity, cancellationToken);
        if (inserted.Status != StoreWriteStatus.Conflict)
        {
            return ToResult(inserted);
        }

        // The id is taken. If only by an expired row the purge job has not removed yet, the id is
        // free (expired = absent): replace that row, conditionally, so a live session is never overwritten.
        var existing = await _table.GetEntityAsync(session.Id, SessionRowKey, cancellationToken);
        if (existing is null)
        {
            return ToResult(await _table.AddEntityAsync(entity, cancellationToken));
        }

        if (!FromEntity(existing).IsExpired(timeProvider.GetUtcNow()))
        {
            return StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.Conflict);
        }

        var replaced = await _table.UpdateEntityAsync(entity, existing.ETag.ToString(), cancellationToken);
        return replaced.Succeeded ? ToResult(replaced) : StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.Conflict);
    }

    /// <summary>Exactly one point read; null when unknown, expired, or not a possible id.</summary>
    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!SessionKeys.IsValidId(sessionId))
        {
            return null;
        }

        var entity = await _table.GetEntityAsync(sessionId, SessionRowKey, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var session = FromEntity(entity);
        return session.IsExpired(timeProvider.GetUtcNow()) ? null : session;
    }

    /// <summary>
    /// Replaces the row with If-Match: the record's ETag. One request: it does not re-read, so a row that
    /// expired after the caller read it (and still matches) is updated rather than reported absent.
    /// </summary>
    public async Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);
        SessionKeys.ValidateETag(session);

        return ToResult(await _table.UpdateEntityAsync(ToEntity(session), session.ETag!, cancellationToken));
    }

    /// <summary>Deletes the row unconditionally (<c>If-Match: *</c>); false when there was none.</summary>
    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!SessionKeys.IsValidId(sessionId))
        {
            return false;
        }

        return await _table.DeleteEntityAsync(sessionId, SessionRowKey, "*", cancellationToken) == StoreWriteStatus.Success;
    }

    private static TableEntity ToEntity(SessionRecord session)
    {
        // Optional strings that are null are simply not stored: Table Storage has no null.
        var entity = new TableEntity(session.Id, SessionRowKey)
        {
            [ProtocolVersionProperty] = session.ProtocolVersion,
            [ClientNameProperty] = session.ClientName,
            [ClientVersionProperty] = session.ClientVersion,
            [ClientCapabilitiesJsonProperty] = session.ClientCapabilitiesJson,
            [InitializedProperty] = session.Initialized,
            [SubjectProperty] = session.Subject,
            [LogLevelProperty] = session.LogLevel,
            [CreatedAtProperty] = session.CreatedAt,
            [LastSeenAtProperty] = session.LastSeenAt,
            [ExpiresAtProperty] = session.ExpiresAt,
        };
        return entity;
    }

    private static SessionRecord FromEntity(TableEntity entity) => new()
    {
        Id = entity.PartitionKey,
        ProtocolVersion = entity.GetString(ProtocolVersionProperty) ?? throw MissingProperty(ProtocolVersionProperty),
        ClientName = entity.GetString(ClientNameProperty),
        ClientVersion = entity.GetString(ClientVersionProperty),
        ClientCapabilitiesJson = entity.GetString(ClientCapabilitiesJsonProperty),
        Initialized = entity.GetBoolean(InitializedProperty) ?? false,
        Subject = entity.GetString(SubjectProperty),
        LogLevel = entity.GetString(LogLevelProperty),
        CreatedAt = entity.GetDateTimeOffset(CreatedAtProperty) ?? throw MissingProperty(CreatedAtProperty),
        LastSeenAt = entity.GetDateTimeOffset(LastSeenAtProperty) ?? throw MissingProperty(LastSeenAtProperty),
        ExpiresAt = entity.GetDateTimeOffset(ExpiresAtProperty) ?? throw MissingProperty(ExpiresAtProperty),
        ETag = entity.ETag.ToString(),
    };

    private static StoreWriteResult<SessionRecord> ToResult(StoreWriteResult<TableEntity> result) =>
        result.Succeeded
            ? StoreWriteResult<SessionRecord>.Success(FromEntity(result.Value!))
            : StoreWriteResult<SessionRecord>.Failed(result.Status);

    // A session row without a required property was not written by this store: a fault, not a miss.
    private static InvalidOperationException MissingProperty(string name) =>
        new($"A session row has no '{name}' property; the table holds rows this store did not write.");
}
