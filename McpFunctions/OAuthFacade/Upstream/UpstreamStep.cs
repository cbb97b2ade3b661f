namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// One step of an upstream sign-in (code exchange, ID token, userinfo): its value, or why it failed for the operator's
/// log and whether trying again later may succeed (the provider was unreachable or answered 5xx).
/// </summary>
internal readonly record struct UpstreamStep<T>(T? Value, string? Error, bool Temporary)
    where T : class
{
    public static UpstreamStep<T> Success(T value) => new(value, null, false);

    public static UpstreamStep<T> Failure(string error, bool temporary = false) => new(null, error, temporary);
}
