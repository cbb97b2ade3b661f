using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// One identity provider's metadata and signing keys, read through <see cref="ConfigurationManager{T}"/> on first use
/// (never at start-up: a cold start should not wait for the IdP) and kept for the manager's automatic refresh
/// interval; a token naming a key the cached JWKS lacks reloads them once (key rollover), shared by every caller.
/// </summary>
/// <remarks>
/// ConfigurationManager.RequestRefresh in IdentityModel 8.x reloads on a background thread and keeps returning the
/// old keys meanwhile, so a retry right after it would fail again. Loading through a new manager and swapping it in
/// makes the retry see the new keys, and the throttle runs on the injected clock.
/// </remarks>
internal sealed class ProviderMetadata(
    ProviderMetadataSource source,
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    Action<OpenIdConnectConfiguration>? reloaded = null)
{
    private readonly Lock _gate = new();
    private ConfigurationManager<OpenIdConnectConfiguration>? _manager;
    private Task<OpenIdConnectConfiguration>? _reload;
    private DateTimeOffset? _lastReload;

    public ProviderMetadataSource Source => source;

    /// <summary>The current metadata and keys. Throws <see cref="InvalidOperationException"/> when they cannot be loaded.</summary>
    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) => Manager().GetConfigurationAsync(cancellationToken);

    /// <summary>Whether <paramref name="configuration"/>'s JWKS has a key with this <c>kid</c> (ordinal, as RFC 7517 §4.5 compares).</summary>
    public static bool HasKey(OpenIdConnectConfiguration configuration, string keyId)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.SigningKeys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));
    }

    /// <summary>
    /// Reloads metadata and keys now because a token names a key we do not have, at most once per
    /// <see cref="OpenIdConnectDefaults.KeyReloadInterval"/>; concurrent callers share the one reload in flight.
    /// Returns null when throttled; throws <see cref="InvalidOperationException"/> when the reload fails.
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> ReloadForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        Task<OpenIdConnectConfiguration> reload;
        lock (_gate)
        {
            if (_reload is { IsCompleted: false } inFlight)
            {
                reload = inFlight;
            }
            else
            {
                var now = timeProvider.GetUtcNow();
                if (_lastReload is { } last && now < last + OpenIdConnectDefaults.KeyReloadInterval)
                {
                    return null;
                }

                _lastReload = now;

                // Shared by every caller waiting on it: no single caller's cancellation applies; the client timeout bounds it.
                reload = _reload = Task.Run(LoadIntoNewManagerAsync, CancellationToken.None);
            }
        }

        return await reload.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<OpenIdConnectConfiguration> LoadIntoNewManagerAsync()
    {
        var manager = CreateManager();
        var configuration = await manager.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            _manager = manager;
        }

        reloaded?.Invoke(configuration);
        return configuration;
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager()
    {
        lock (_gate)
        {
            return _manager ??= CreateManager();
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateManager()
    {
        if (source.MetadataAddresses.Count == 0)
        {
            throw new InvalidOperationException($"No {source.ProviderName} metadata address is configured ({source.IssuerSetting}).");
        }

        return new ConfigurationManager<OpenIdConnectConfiguration>(
            source.MetadataAddresses[0],
            new ProviderMetadataRetriever(source),
            new MetadataDocumentRetriever(httpClientFactory, source));
    }
}
