namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// An upstream step's outcome as a value: the result, or the OAuth error to pass on to the MCP client
/// (<c>access_denied</c>, <c>server_error</c>, <c>temporarily_unavailable</c>) with the detail for the operator's log.
/// </summary>
internal readonly record struct UpstreamResult<T>(T? Value, OAuthError? Error, string? LogReason)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static UpstreamResult<T> Success(T value) => new(value, null, null);

    public static UpstreamResult<T> Failure(OAuthError error, string logReason) => new(null, error, logReason);
}
