using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// The external authorization server's metadata and signing keys (<see cref="ProviderMetadata"/> for the
/// <c>Auth</c> settings): read on the first token, reloaded once for an unknown key id, shared by every caller.
/// </summary>
internal sealed partial class AuthorizationServerMetadata
{
    private readonly AuthOptions _options;
    private readonly ProviderMetadata _metadata;

    public AuthorizationServerMetadata(
        IOptions<AuthOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<AuthorizationServerMetadata> logger)
    {
        _options = options.Value;
        var source = new ProviderMetadataSource(
            MetadataAddresses: ProviderMetadataRetriever.AddressesFor(_options.Authority, _options.MetadataAddress),
            ExpectedIssuer: ConfiguredIssuer,
            IssuerSetting: "Auth:Authority",
            RequireHttps: _options.RequireHttpsMetadata,
            RequireHttpsSetting: "Auth:RequireHttpsMetadata",
            ProviderName: "authorization server",
            HttpClientName: TokenValidationDefaults.HttpClientName);
        _metadata = new ProviderMetadata(source, httpClientFactory, timeProvider, configuration => Log.KeysReloaded(logger, configuration.SigningKeys.Count));
    }

    /// <summary>Whether an authority or metadata address is configured at all.</summary>
    public bool IsConfigured => _metadata.Source.MetadataAddresses.Count > 0;

    /// <summary>The issuer tokens must carry when the metadata names none.</summary>
    public string? ConfiguredIssuer => string.IsNullOrWhiteSpace(_options.Authority) ? null : _options.Authority;

    /// <summary>The current metadata and keys. Throws <see cref="InvalidOperationException"/> when they cannot be loaded.</summary>
    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) => _metadata.GetAsync(cancellationToken);

    /// <inheritdoc cref="ProviderMetadata.ReloadForUnknownKeyAsync"/>
    public Task<OpenIdConnectConfiguration?> ReloadForUnknownKeyAsync(CancellationToken cancellationToken) =>
        _metadata.ReloadForUnknownKeyAsync(cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2130, Level = LogLevel.Information, Message = "Reloaded authorization server metadata for an unknown key id: {KeyCount} signing keys")]
        public static partial void KeysReloaded(ILogger logger, int keyCount);
    }
}
