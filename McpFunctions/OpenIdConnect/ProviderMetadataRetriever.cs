using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Reads a provider's metadata from the first address that answers: OIDC discovery
/// (<c>/.well-known/openid-configuration</c> appended to the issuer, as Auth0 and Entra serve it), then
/// RFC 8414 §3.1 (<c>/.well-known/oauth-authorization-server</c> inserted before the issuer's path), the
/// order MCP clients use too. The JWKS is read from its <c>jwks_uri</c>.
/// </summary>
internal sealed class ProviderMetadataRetriever(ProviderMetadataSource source) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    /// <summary>The metadata addresses to try for an authority, or just the explicit metadata address when there is one.</summary>
    public static IReadOnlyList<string> AddressesFor(string? authority, string? metadataAddress)
    {
        if (!string.IsNullOrWhiteSpace(metadataAddress))
        {
            return [metadataAddress];
        }

        if (string.IsNullOrWhiteSpace(authority) || !Uri.TryCreate(authority, UriKind.Absolute, out var uri))
        {
            return [];
        }

        var issuer = authority.TrimEnd('/');
        var path = uri.AbsolutePath.TrimEnd('/');
        return
        [
            issuer + OpenIdConnectDefaults.OpenIdConfigurationSegment,
            uri.GetLeftPart(UriPartial.Authority) + OpenIdConnectDefaults.OAuthAuthorizationServerSegment + path,
        ];
    }

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var failures = new List<Exception>();
        foreach (var candidate in source.MetadataAddresses)
        {
            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(candidate, retriever, cancel).ConfigureAwait(false);
                CheckIssuer(candidate, configuration);
                return configuration;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                failures.Add(exception);
            }
        }

        throw new InvalidOperationException(
            $"No usable {source.ProviderName} metadata at {string.Join(" or ", source.MetadataAddresses)}: {string.Join("; ", failures.Select(f => f.Message))}",
            failures.Count == 1 ? failures[0] : new AggregateException(failures));
    }

    // RFC 8414 §3.3 and OIDC Discovery §4.3: the issuer in the metadata must be the one it was looked up
    // for, or a document served for another issuer could pass its keys off as this one's.
    private void CheckIssuer(string address, OpenIdConnectConfiguration configuration)
    {
        var expected = source.ExpectedIssuer;
        if (expected is null || string.IsNullOrEmpty(configuration.Issuer))
        {
            return;
        }

        if (!string.Equals(configuration.Issuer.TrimEnd('/'), expected.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The metadata at {address} names issuer '{configuration.Issuer}', not {source.IssuerSetting} '{expected}'. " +
                $"Set {source.IssuerSetting} to the issuer exactly as the {source.ProviderName} publishes it.");
        }
    }
}
