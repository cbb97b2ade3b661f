namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// The identity provider users really sign in with (Entra ID, Auth0, Google, any OIDC provider, or the local
/// development page). The façade is its OAuth client with its own client id, PKCE, <c>state</c> and nonce; the
/// MCP client's parameters — its <c>resource</c> above all — never reach it (Entra rejects an MCP URL as resource).
/// </summary>
internal interface IUpstreamIdentityProvider
{
    /// <summary>How the consent page names where the user signs in next, e.g. <c>login.microsoftonline.com</c>.</summary>
    string DisplayName { get; }

    /// <summary>The URL to send the browser to, after consent.</summary>
    Task<UpstreamResult<Uri>> CreateAuthorizationUriAsync(UpstreamAuthorizationRequest request, CancellationToken cancellationToken);

    /// <summary>Exchanges the upstream code and validates what comes back; every failure is a value, never an exception.</summary>
    Task<UpstreamResult<UpstreamIdentity>> RedeemAsync(UpstreamCodeRedemption redemption, CancellationToken cancellationToken);
}
