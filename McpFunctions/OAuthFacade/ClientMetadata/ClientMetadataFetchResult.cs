using McpFunctions.OAuthFacade.Endpoints;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// A metadata-document fetch as a value: the validated metadata and how long to keep it, or why not — with
/// <see cref="Transient"/> saying whether a cached copy may stand in (stale-if-error: the host was unreachable,
/// slow or answered 5xx; never when the document itself is wrong).
/// </summary>
internal sealed record ClientMetadataFetchResult(ValidatedClientMetadata? Metadata, TimeSpan CacheFor, string? Problem, bool Transient)
{
    public static ClientMetadataFetchResult Success(ValidatedClientMetadata metadata, TimeSpan cacheFor) => new(metadata, cacheFor, null, false);

    public static ClientMetadataFetchResult Refused(string problem) => new(null, TimeSpan.Zero, problem, false);

    public static ClientMetadataFetchResult Unavailable(string problem) => new(null, TimeSpan.Zero, problem, true);
}
