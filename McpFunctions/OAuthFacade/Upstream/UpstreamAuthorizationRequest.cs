namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>The façade's own authorization request upstream: fresh <c>state</c>, nonce and PKCE S256 challenge, its own callback.</summary>
internal sealed record UpstreamAuthorizationRequest(string State, string Nonce, string CodeChallenge, string RedirectUri);
