using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// The upstream provider's OpenID configuration and keys (<see cref="ProviderMetadata"/> for <c>Facade:Upstream</c>):
/// discovery at <c>{Authority}/.well-known/openid-configuration</c> on first use, one shared reload for an unknown key.
/// A provider that cannot be read is logged and answered with null, so the caller can tell the client to try later.
/// </summary>
internal sealed partial class UpstreamMetadata
{
    private readonly ProviderMetadata _metadata;
    private readonly string _authority;
    private readonly ILogger<UpstreamMetadata> _logger;

    public UpstreamMetadata(IOptions<FacadeOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<UpstreamMetadata> logger)
    {
        var upstream = options.Value.Upstream;
        _authority = upstream.Authority ?? "(none)";
        _logger = logger;

        // The issuer is checked on every ID token against the metadata's (with a hint for Entra's multi-tenant
        // authorities), not here, so no expected issuer.
        IReadOnlyList<string> addresses = string.IsNullOrWhiteSpace(upstream.Authority)
            ? []
            : [upstream.Authority.TrimEnd('/') + OpenIdConnectDefaults.OpenIdConfigurationSegment];
        var source = new ProviderMetadataSource(
            MetadataAddresses: addresses,
            ExpectedIssuer: null,
            IssuerSetting: "Facade:Upstream:Authority",
            RequireHttps: upstream.RequireHttpsMetadata,
            RequireHttpsSetting: UpstreamDefaults.RequireHttpsSetting,
            ProviderName: "upstream provider",
            HttpClientName: UpstreamDefaults.HttpClientName);
        _metadata = new ProviderMetadata(source, httpClientFactory, timeProvider);
    }

    /// <summary>The provider's configuration, or null (logged) when it cannot be loaded.</summary>
    public async Task<OpenIdConnectConfiguration?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _metadata.GetAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            Log.DiscoveryFailed(_logger, _authority, exception.Message);
            return null;
        }
    }

    /// <summary>
    /// The configuration whose JWKS has the key <paramref name="keyId"/> names: <paramref name="configuration"/> when
    /// it has it, else a reload (shared, at most once per interval); the current one when throttled, <paramref name="configuration"/> when the reload failed.
    /// </summary>
    public async Task<OpenIdConnectConfiguration> WithKeyAsync(OpenIdConnectConfiguration configuration, string? keyId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(keyId) || ProviderMetadata.HasKey(configuration, keyId))
        {
            return configuration;
        }

        try
        {
            // Throttled: another sign-in's reload may just have swapped in the keys this one needs.
            return await _metadata.ReloadForUnknownKeyAsync(cancellationToken) ?? await _metadata.GetAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            Log.DiscoveryFailed(_logger, _authority, exception.Message);
            return configuration;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5601, Level = LogLevel.Error, Message = "Upstream OpenID configuration of {Authority} could not be loaded: {Reason}")]
        public static partial void DiscoveryFailed(ILogger logger, string authority, string reason);
    }
}
