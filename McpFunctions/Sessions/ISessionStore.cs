using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// Where legacy-era sessions live. Implementations: <see cref="InMemorySessionStore"/> (one process)
/// and <see cref="TableSessionStore"/> (Azure Table Storage, shared by every instance).
/// Expired rows are reported as absent; updates are optimistic (ETag) so two instances never
/// overwrite each other's change silently.
/// </summary>
internal interface ISessionStore
{
    /// <summary>Stores a new session. <see cref="StoreWriteStatus.Conflict"/> if the id exists.</summary>
    Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>One point read; null when the session does not exist or has expired.</summary>
    Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the session if its <see cref="SessionRecord.ETag"/> still matches.
    /// <see cref="StoreWriteStatus.PreconditionFailed"/> when another writer got there first,
    /// <see cref="StoreWriteStatus.NotFound"/> when it was deleted.
    /// </summary>
    Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>Deletes the session; false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken);
}
