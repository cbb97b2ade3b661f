using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// Where legacy-era sessions live: <see cref="SessionStore"/> over Azure Table Storage (shared by every instance)
/// or over this process's memory.
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
    /// <remarks>
    /// A session that expires between the caller's read and this update may still be updated: the Table
    /// store writes with one conditional request and does not re-read (the in-memory store reports it absent).
    /// </remarks>
    Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the session; false when there was nothing live to delete. An id that cannot be a storage key
    /// (it comes from a request header) is unknown: null from <see cref="GetAsync"/>, false here.
    /// </summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken);
}
