using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Reads the authorization server's metadata from the first address that answers: OIDC discovery
/// (<c>/.well-known/openid-configuration</c> appended to the issuer, as Auth0 and Entra serve it), then
/// RFC 8414 §3.1 (<c>/.well-known/oauth-authorization-server</c> inserted before the issuer's path), the
/// order MCP clients use too. The JWKS is read from its <c>jwks_uri</c>.
/// </summary>
internal sealed class AuthorizationServerMetadataRetriever(IReadOnlyList<string> addresses, string? expectedIssuer)
    : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public const string OpenIdConfigurationSegment = "/.well-known/openid-configuration";

    public const string OAuthAuthorizationServerSegment = "/.well-known/oauth-authorization-server";

    /// <summary>The metadata addresses to try for the configured authority, or just the configured metadata address.</summary>
    public static IReadOnlyList<string> AddressesFor(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.MetadataAddress))
        {
            return [options.MetadataAddress];
        }

        if (string.IsNullOrWhiteSpace(options.Authority) || !Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority))
        {
            return [];
        }

        var issuer = options.Authority.TrimEnd('/');
        var path = authority.AbsolutePath.TrimEnd('/');
        return
        [
            issuer + OpenIdConfigurationSegment,
            authority.GetLeftPart(UriPartial.Authority) + OAuthAuthorizationServerSegment + path,
        ];
    }

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var failures = new List<Exception>();
        foreach (var candidate in addresses)
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
            $"No usable authorization server metadata at {string.Join(" or ", addresses)}: {string.Join("; ", failures.Select(f => f.Message))}",
            failures.Count == 1 ? failures[0] : new AggregateException(failures));
    }

    // RFC 8414 §3.3 and OIDC Discovery §4.3: the issuer in the metadata must be the one it was looked up
    // for, or a document served for another issuer could pass its keys off as this one's.
    private void CheckIssuer(string address, OpenIdConnectConfiguration configuration)
    {
        if (expectedIssuer is null || string.IsNullOrEmpty(configuration.Issuer))
        {
            return;
        }

        if (!string.Equals(configuration.Issuer.TrimEnd('/'), expectedIssuer.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The metadata at {address} names issuer '{configuration.Issuer}', not Auth:Authority '{expectedIssuer}'. Set Auth:Authority to the issuer exactly as the authorization server publishes it.");
        }
    }
}
