using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// The external authorization server's metadata and signing keys, read through
/// <see cref="ConfigurationManager{T}"/> on first use (never at start-up: a cold start should not wait
/// for the IdP) and kept for the manager's automatic refresh interval.
/// </summary>
internal sealed partial class AuthorizationServerMetadata(
    IOptions<AuthOptions> options,
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    ILogger<AuthorizationServerMetadata> logger)
{
    private readonly AuthOptions _options = options.Value;
    private readonly Lock _gate = new();
    private ConfigurationManager<OpenIdConnectConfiguration>? _manager;
    private Task<OpenIdConnectConfiguration>? _refresh;
    private DateTimeOffset? _lastRefresh;

    /// <summary>Whether an authority or metadata address is configured at all.</summary>
    public bool IsConfigured => AuthorizationServerMetadataRetriever.AddressesFor(_options).Count > 0;

    /// <summary>The issuer tokens must carry when the metadata names none.</summary>
    public string? ConfiguredIssuer => string.IsNullOrWhiteSpace(_options.Authority) ? null : _options.Authority;

    /// <summary>The current metadata and keys. Throws <see cref="InvalidOperationException"/> when they cannot be loaded.</summary>
    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) => Manager().GetConfigurationAsync(cancellationToken);

    /// <summary>
    /// Reloads metadata and keys now because a token names a key we do not have (key rollover), at most
    /// once per <see cref="TokenValidationDefaults.KeyRefreshInterval"/>; concurrent callers share one reload.
    /// Returns null when throttled.
    /// </summary>
    /// <remarks>
    /// ConfigurationManager.RequestRefresh in IdentityModel 8.x reloads on a background thread and keeps
    /// returning the old keys meanwhile, so a retry right after it would fail again. Loading through a new
    /// manager and swapping it in makes the retry see the new keys, and the throttle runs on the injected clock.
    /// </remarks>
    public Task<OpenIdConnectConfiguration>? RefreshForUnknownKey()
    {
        lock (_gate)
        {
            if (_refresh is { IsCompleted: false })
            {
                return _refresh;
            }

            var now = timeProvider.GetUtcNow();
            if (_lastRefresh is { } last && now < last + TokenValidationDefaults.KeyRefreshInterval)
            {
                return null;
            }

            _lastRefresh = now;
            _refresh = Task.Run(LoadIntoNewManagerAsync);
            return _refresh;
        }
    }

    private async Task<OpenIdConnectConfiguration> LoadIntoNewManagerAsync()
    {
        var manager = CreateManager();
        var configuration = await manager.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            _manager = manager;
        }

        Log.KeysReloaded(logger, configuration.SigningKeys.Count);
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
        var addresses = AuthorizationServerMetadataRetriever.AddressesFor(_options);
        if (addresses.Count == 0)
        {
            throw new InvalidOperationException("Neither Auth:Authority nor Auth:MetadataAddress is set, so there is no authorization server metadata to read.");
        }

        return new ConfigurationManager<OpenIdConnectConfiguration>(
            addresses[0],
            new AuthorizationServerMetadataRetriever(addresses, ConfiguredIssuer),
            new BackchannelDocumentRetriever(httpClientFactory, _options.RequireHttpsMetadata));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2130, Level = LogLevel.Information, Message = "Reloaded authorization server metadata for an unknown key id: {KeyCount} signing keys")]
        public static partial void KeysReloaded(ILogger logger, int keyCount);
    }
}
