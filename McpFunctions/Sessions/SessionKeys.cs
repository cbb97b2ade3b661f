using McpFunctions.Storage;

namespace McpFunctions.Sessions;

/// <summary>
/// Session id rules shared by every store, so the in-memory store accepts exactly what Table
/// Storage accepts. A session id is a Table key, so it follows <see cref="TableKeyValidation"/>.
/// </summary>
internal static class SessionKeys
{
    /// <summary>
    /// For ids the server wrote itself (create, update): a bad one is a bug, so it throws.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, too long, or contains <c>/ \ # ?</c> or control characters.</exception>
    public static void ValidateId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, nameof(SessionRecord.Id));
        TableKeyValidation.ValidateKey(id, nameof(SessionRecord.Id));
    }

    /// <summary>
    /// For ids that come from a request's <c>Mcp-Session-Id</c> header (get, delete): an id that could
    /// never be stored names no session, so readers treat it as unknown (404) instead of failing.
    /// </summary>
    public static bool IsValidId(string? id) => !string.IsNullOrEmpty(id) && TableKeyValidation.IsValidKey(id);

    /// <exception cref="ArgumentException">The record was never read from a store, so there is nothing to compare against.</exception>
    public static void ValidateETag(SessionRecord session)
    {
        if (string.IsNullOrEmpty(session.ETag))
        {
            throw new ArgumentException("Updating a session needs the ETag it was read with; read it from the store first.", nameof(session));
        }
    }
}
