namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>The signed-in user as the upstream provider vouched for them (a validated ID token, optionally userinfo).</summary>
internal sealed record UpstreamIdentity(string Subject, string Issuer, string? Name, string? Email, string? RefreshToken);
