using McpFunctions.OAuthFacade.Endpoints;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// A metadata-document fetch as a value: the validated metadata and how long to keep it, or why not — with
/// <see cref="Transient"/> saying whether a cached copy may stand in (stale-if-error: the host was unreachable,
/// slow or answered 5xx; never when the document itself is wrong), and <see cref="NotFetched"/> whether no document
/// arrived at all (any non-200 answer, a refused address, a network failure, a timeout): only then may a pinned copy
/// stand in, because a live document that answers always wins.
/// </summary>
internal sealed record ClientMetadataFetchResult(ValidatedClientMetadata? Metadata, TimeSpan CacheFor, string? Problem, bool Transient, bool NotFetched = false)
{
    public static ClientMetadataFetchResult Success(ValidatedClientMetadata metadata, TimeSpan cacheFor) => new(metadata, cacheFor, null, false);

    /// <summary>The document is wrong (it arrived and is refused).</summary>
    public static ClientMetadataFetchResult Refused(string problem) => new(null, TimeSpan.Zero, problem, false);

    /// <summary>No document arrived, and retrying later will not help (4xx, a redirect, a non-public address).</summary>
    public static ClientMetadataFetchResult NotServed(string problem) => new(null, TimeSpan.Zero, problem, false, NotFetched: true);

    public static ClientMetadataFetchResult Unavailable(string problem) => new(null, TimeSpan.Zero, problem, true, NotFetched: true);
}
