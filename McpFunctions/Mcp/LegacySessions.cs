using McpFunctions.Sessions;

namespace McpFunctions.Mcp;

/// <summary>
/// The legacy era's side of sessions: the session a request names in <c>Mcp-Session-Id</c>, looked up by id in
/// <see cref="SessionManager"/>, or why not as a transport error (400 missing, 404 unknown or expired).
/// </summary>
internal sealed class LegacySessions(SessionManager sessions)
{
    /// <summary>Finds the session named by <c>Mcp-Session-Id</c>, or says why not as a transport error.</summary>
    public async Task<(SessionRecord? Session, McpHttpError? Error)> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers[McpHeaders.SessionId];
        if (header.Count == 0 || string.IsNullOrEmpty(header[0]))
        {
            return (null, McpHttpError.MissingSession());
        }

        // Two headers name no one session: joined, they are not a well-formed id, so the lookup reports it unknown.
        var sessionId = header.Count == 1 ? header[0]! : string.Join(",", header.ToArray());
        var session = await sessions.FindAsync(sessionId, cancellationToken);
        return session is null ? (null, McpHttpError.SessionNotFound()) : (session, null);
    }
}
