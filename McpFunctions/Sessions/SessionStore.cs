using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// The session store over an <see cref="IExpiringRecordSet{T}"/>: <see cref="InTable"/> (Azure Table Storage, so any
/// instance can serve any request of a session) or <see cref="InMemory"/> (one process: the default when no storage
/// is configured, and the fast path in tests). Both keep the same rows (<see cref="SessionRows"/>) by the same rules;
/// what is particular to sessions is here: ids that come from a request header and cannot be a key name no session.
/// </summary>
internal sealed class SessionStore(IExpiringRecordSet<SessionRecord> records) : ISessionStore
{
    /// <summary>Where the sessions are (for the start-up log).</summary>
    public IExpiringRecordSet<SessionRecord> Records { get; } = records;

    /// <summary>Sessions in the table <paramref name="tableName"/>; <paramref name="timeProvider"/> judges expiry.</summary>
    public static SessionStore InTable(TableStorage storage, string tableName, TimeProvider timeProvider) =>
        new(new TableExpiringRecordSet<SessionRecord>(storage, tableName, SessionRows.Schema, timeProvider));

    /// <summary>
    /// At most <paramref name="capacity"/> sessions in this process; a full store evicts the session closest to expiry
    /// and says so (3103) at most once a minute.
    /// </summary>
    public static SessionStore InMemory(TimeProvider timeProvider, int capacity, ILogger logger) =>
        new(new InMemoryExpiringRecordSet<SessionRecord>(
            SessionRows.Schema,
            timeProvider,
            capacity,
            (evicted, max) => SessionStoreLog.InMemoryEvicted(logger, evicted, max)));

    public Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);
        return Records.CreateAsync(session, cancellationToken);
    }

    /// <summary>One point read; null when unknown, expired, or not a possible id.</summary>
    public Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        SessionKeys.IsValidId(sessionId)
            ? Records.GetAsync(sessionId, SessionRows.SessionRowKey, cancellationToken)
            : Task.FromResult<SessionRecord?>(null);

    public Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionKeys.ValidateId(session.Id);
        SessionKeys.ValidateETag(session);
        return Records.UpdateAsync(session, cancellationToken);
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken) =>
        SessionKeys.IsValidId(sessionId)
            ? Records.DeleteAsync(sessionId, SessionRows.SessionRowKey, cancellationToken)
            : Task.FromResult(false);
}
