using System.Collections.Concurrent;
using McpFunctions.OAuthFacade.Stores;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// Turns a <c>client_id</c> into a client: a URL is a Client ID Metadata Document (fetched, validated and cached in
/// <see cref="IOAuthClientStore"/> as <see cref="ClientRegistrationKind.MetadataDocument"/>), anything else a dynamic
/// registration. Cached documents are refreshed when stale; if the refresh fails transiently (host down, slow,
/// 5xx) the cached copy is used for up to <see cref="StaleIfErrorWindow"/> more (RFC 5861 stale-if-error). When no
/// document arrives and no cached copy may stand in, a pinned copy (<see cref="PinnedClientMetadataDocuments"/>) is used
/// and kept only <see cref="ClientMetadataDocumentFetcher.MinCacheDuration"/>, so the live document is tried again soon.
/// </summary>
/// <remarks>
/// A metadata document row's <see cref="OAuthClientRecord.ExpiresAt"/> is its freshness end plus
/// <see cref="StaleIfErrorWindow"/>, so the store keeps it readable through the stale period; it is fresh while
/// <c>now &lt; ExpiresAt - StaleIfErrorWindow</c>. Concurrent requests for one document share one fetch per instance.
/// </remarks>
internal sealed partial class OAuthClientResolver(
    IOAuthClientStore store,
    ClientMetadataDocumentFetcher fetcher,
    PinnedClientMetadataDocuments pinned,
    IOptions<FacadeOptions> options,
    TimeProvider timeProvider,
    ILogger<OAuthClientResolver> logger)
{
    /// <summary>How long past its freshness a cached document may stand in when its host cannot be reached.</summary>
    public static readonly TimeSpan StaleIfErrorWindow = TimeSpan.FromHours(24);

    /// <summary>A registration's last use is written at most this often, so a busy client is not one write per token.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<ClientResolution>>> _inFlight = new(StringComparer.Ordinal);

    public async Task<ClientResolution> ResolveAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        if (clientId.Length is 0 or > 2000)
        {
            return ClientResolution.NotFound("the client id is empty or too long");
        }

        if (!ClientIdMetadataDocumentUrl.LooksLikeUrl(clientId))
        {
            var registered = await store.GetAsync(clientId, cancellationToken);
            return registered is { Kind: ClientRegistrationKind.Dynamic }
                ? ClientResolution.Found(registered)
                : ClientResolution.NotFound("no client is registered with this id (registrations expire when unused)");
        }

        if (!options.Value.ClientMetadataDocuments.Enabled)
        {
            return ClientResolution.NotFound("client ID metadata documents are disabled here (Facade:ClientMetadataDocuments:Enabled)");
        }

        var documentUrl = ClientIdMetadataDocumentUrl.Parse(clientId, out var problem);
        if (documentUrl is null)
        {
            return ClientResolution.NotFound(problem!);
        }

        var cached = await store.GetAsync(clientId, cancellationToken);
        if (cached is { Kind: ClientRegistrationKind.MetadataDocument } && timeProvider.GetUtcNow() < cached.ExpiresAt - StaleIfErrorWindow)
        {
            return ClientResolution.Found(cached);
        }

        // One fetch per document per instance at a time; callers' own cancellation does not abort the shared fetch.
        var fetch = _inFlight.GetOrAdd(clientId, id => new Lazy<Task<ClientResolution>>(() => RefreshAsync(id, documentUrl, cached)));
        return await fetch.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Records that a dynamically registered client was used: its registration then expires
    /// <see cref="FacadeOptions.ClientIdleLifetime"/> after its last use rather than after it was made.
    /// </summary>
    public async Task TouchAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = timeProvider.GetUtcNow();
        if (client.Kind != ClientRegistrationKind.Dynamic || now - client.LastUsedAt < TouchInterval)
        {
            return;
        }

        // ETag-guarded: losing to a concurrent touch (or a deletion) is fine either way.
        await store.UpdateAsync(client with { LastUsedAt = now, ExpiresAt = now + options.Value.ClientIdleLifetime }, cancellationToken);
    }

    private async Task<ClientResolution> RefreshAsync(string clientId, Uri documentUrl, OAuthClientRecord? cached)
    {
        await Task.Yield();
        try
        {
            return await FetchAndStoreAsync(clientId, documentUrl, cached);
        }
        finally
        {
            _inFlight.TryRemove(clientId, out _);
        }
    }

    private async Task<ClientResolution> FetchAndStoreAsync(string clientId, Uri documentUrl, OAuthClientRecord? cached)
    {
        var result = await fetcher.FetchAsync(clientId, documentUrl, CancellationToken.None);
        if (result.Metadata is { } metadata)
        {
            var stored = await StoreAsync(clientId, metadata, result.CacheFor);
            Log.DocumentFetched(logger, clientId, (int)result.CacheFor.TotalSeconds);
            return ClientResolution.Found(stored);
        }

        if (result.Transient && cached is { Kind: ClientRegistrationKind.MetadataDocument })
        {
            Log.ServingStale(logger, clientId, result.Problem!);
            return ClientResolution.Found(cached);
        }

        // anthropics/claude-ai-mcp#650: Anthropic's documents answer 403 to some cloud egress addresses.
        if (result.NotFetched && pinned.TryGet(clientId, out var pinnedMetadata))
        {
            var stored = await StoreAsync(clientId, pinnedMetadata, ClientMetadataDocumentFetcher.MinCacheDuration);
            Log.UsingPinnedCopy(logger, clientId, result.Problem!);
            return ClientResolution.Found(stored);
        }

        Log.DocumentRefused(logger, clientId, result.Problem!);
        return ClientResolution.NotFound("the client's metadata document cannot be used: " + result.Problem);
    }

    private Task<OAuthClientRecord> StoreAsync(string clientId, Endpoints.ValidatedClientMetadata metadata, TimeSpan cacheFor)
    {
        var now = timeProvider.GetUtcNow();
        var record = new OAuthClientRecord
        {
            ClientId = clientId,
            Kind = ClientRegistrationKind.MetadataDocument,
            ClientName = metadata.ClientName,
            RedirectUris = metadata.RedirectUris,
            GrantTypes = metadata.GrantTypes,
            ResponseTypes = metadata.ResponseTypes,
            TokenEndpointAuthMethod = metadata.TokenEndpointAuthMethod,
            Scope = metadata.Scope,
            ApplicationType = metadata.ApplicationType,
            ClientUri = metadata.ClientUri,
            LogoUri = metadata.LogoUri,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + cacheFor + StaleIfErrorWindow,
        };
        return store.UpsertAsync(record, CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5620, Level = LogLevel.Information, Message = "Client ID metadata document {ClientId} fetched and cached for {CacheSeconds} s")]
        public static partial void DocumentFetched(ILogger logger, string clientId, int cacheSeconds);

        [LoggerMessage(EventId = 5621, Level = LogLevel.Information, Message = "Client ID metadata document {ClientId} refused: {Reason}")]
        public static partial void DocumentRefused(ILogger logger, string clientId, string reason);

        [LoggerMessage(EventId = 5623, Level = LogLevel.Warning, Message = "Client ID metadata document {ClientId} could not be fetched ({Reason}); using the pinned copy (Facade:ClientMetadataDocuments:Pinned)")]
        public static partial void UsingPinnedCopy(ILogger logger, string clientId, string reason);

        [LoggerMessage(EventId = 5622, Level = LogLevel.Warning, Message = "Client ID metadata document {ClientId} could not be refreshed ({Reason}); using the cached copy")]
        public static partial void ServingStale(ILogger logger, string clientId, string reason);
    }
}
