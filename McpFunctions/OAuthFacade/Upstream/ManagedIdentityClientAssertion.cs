using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// Entra ID client authentication without a secret: the app's managed identity gets a token for
/// <c>api://AzureADTokenExchange</c>, which the app registration trusts through a federated identity credential,
/// and that token is sent as <c>client_assertion</c> (RFC 7523 §2.2). Azure.Identity caches and renews it.
/// </summary>
internal sealed class ManagedIdentityClientAssertion(IOptions<FacadeOptions> options)
{
    private readonly Lazy<TokenCredential> _credential = new(() => Create(options.Value.Upstream));

    public async Task<string> GetAssertionAsync(CancellationToken cancellationToken)
    {
        var token = await _credential.Value.GetTokenAsync(new TokenRequestContext([UpstreamDefaults.TokenExchangeScope]), cancellationToken);
        return token.Token;
    }

    private static ManagedIdentityCredential Create(UpstreamOptions upstream) =>
        string.IsNullOrWhiteSpace(upstream.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(upstream.ManagedIdentityClientId));
}
