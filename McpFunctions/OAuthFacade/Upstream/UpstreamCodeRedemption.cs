namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>What the callback hands over for the code exchange: the code, the façade's verifier, the expected nonce.</summary>
internal sealed record UpstreamCodeRedemption(string Code, string CodeVerifier, string Nonce, string RedirectUri);
