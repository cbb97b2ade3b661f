using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// How a session is kept as a row, in Table Storage and (by the same keys) in memory.
/// <para>
/// Schema (table <see cref="SessionStoreOptions.TableName"/>, default <c>McpSessions</c>): PartitionKey is the
/// session id and RowKey is the constant <see cref="SessionRowKey"/>. A partition per session spreads sessions over
/// every partition server and makes a read one point read (PartitionKey + RowKey); the constant RowKey leaves room
/// for rows that belong to a session (e.g. stream events) in the same partition, where a transaction can update them
/// together with it. The price is that a purge deletes expired sessions one request each: a transaction cannot span
/// partitions.
/// </para>
/// <para>
/// Expiry: Table Storage has no TTL. Readers treat a row past its <c>ExpiresAt</c> as absent and leave it for the
/// purge job; a create may reuse the id of such a row.
/// </para>
/// </summary>
internal static class SessionRows
{
    /// <summary>The RowKey of the session row in its partition.</summary>
    public const string SessionRowKey = "session";

    /// <summary>The purge job filters on this property (<c>ExpiresAt lt datetime'now'</c>).</summary>
    public const string ExpiresAtProperty = "ExpiresAt";

    private const string ProtocolVersionProperty = "ProtocolVersion";
    private const string ClientNameProperty = "ClientName";
    private const string ClientVersionProperty = "ClientVersion";
    private const string ClientCapabilitiesJsonProperty = "ClientCapabilitiesJson";
    private const string InitializedProperty = "Initialized";
    private const string SubjectProperty = "Subject";
    private const string LogLevelProperty = "LogLevel";
    private const string CreatedAtProperty = "CreatedAt";
    private const string LastSeenAtProperty = "LastSeenAt";

    public static ExpiringRecordSchema<SessionRecord> Schema { get; } = new()
    {
        ToEntity = ToEntity,
        FromEntity = FromEntity,
        ExpiresAt = session => session.ExpiresAt,
        ETag = session => session.ETag,
        WithETag = (session, etag) => session with { ETag = etag },
    };

    private static TableEntity ToEntity(SessionRecord session) => new(session.Id, SessionRowKey)
    {
        // Optional strings that are null are simply not stored: Table Storage has no null.
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

    // A session row without a required property was not written by this store: a fault, not a miss.
    private static InvalidOperationException MissingProperty(string name) =>
        new($"A session row has no '{name}' property; the table holds rows this store did not write.");
}
