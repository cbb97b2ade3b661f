namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>What the upstream token endpoint answered: the ID token always, the others when the provider issued them.</summary>
internal sealed record UpstreamTokenResponse(string IdToken, string? AccessToken, string? RefreshToken);
