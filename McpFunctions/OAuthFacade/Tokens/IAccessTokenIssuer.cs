namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// Issues the façade's own access tokens: JWTs signed with the shared key ring, bound to this server
/// (<c>iss</c> = the façade's issuer, <c>aud</c> = the canonical resource), validated locally by the resource server.
/// </summary>
internal interface IAccessTokenIssuer
{
    Task<IssuedAccessToken> IssueAsync(AccessTokenRequest request, CancellationToken cancellationToken);
}

/// <summary>What goes into an access token: <c>sub</c>, <c>client_id</c>, <c>scope</c>, <c>aud</c>, and the grant it belongs to.</summary>
internal sealed record AccessTokenRequest(string Subject, string ClientId, IReadOnlyList<string> Scopes, string Resource, string GrantId, string? ClaimsJson);

internal sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);
