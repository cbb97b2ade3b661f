namespace McpFunctions.OpenIdConnect;

/// <summary>Where one identity provider's metadata is read from, how strictly, and the settings to name when it fails.</summary>
/// <param name="MetadataAddresses">Addresses to try in order (see <see cref="ProviderMetadataRetriever.AddressesFor"/>).</param>
/// <param name="ExpectedIssuer">The issuer the metadata must name, or null when the caller checks it elsewhere.</param>
/// <param name="IssuerSetting">The setting that holds <paramref name="ExpectedIssuer"/>, for messages (<c>Auth:Authority</c>).</param>
/// <param name="RequireHttps">False allows plain http on loopback only (<see cref="BackchannelUrlPolicy"/>).</param>
/// <param name="RequireHttpsSetting">The setting behind <paramref name="RequireHttps"/>, for messages.</param>
/// <param name="ProviderName">How messages name the provider ("authorization server", "upstream provider").</param>
/// <param name="HttpClientName">The named client (registered with <see cref="BackchannelHttpClientExtensions.AddBackchannelHttpClient"/>).</param>
internal sealed record ProviderMetadataSource(
    IReadOnlyList<string> MetadataAddresses,
    string? ExpectedIssuer,
    string IssuerSetting,
    bool RequireHttps,
    string RequireHttpsSetting,
    string ProviderName,
    string HttpClientName);
