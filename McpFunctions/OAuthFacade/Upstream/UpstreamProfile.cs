namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>The display name and e-mail the provider's userinfo endpoint gave for the ID token's subject.</summary>
internal sealed record UpstreamProfile(string? Name, string? Email);
