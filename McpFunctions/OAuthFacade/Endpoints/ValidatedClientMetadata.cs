namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Client metadata after <see cref="ClientMetadataRules"/>: defaults applied, every value checked.</summary>
internal sealed record ValidatedClientMetadata(
    string? ClientName,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> ResponseTypes,
    string TokenEndpointAuthMethod,
    string ApplicationType,
    string? Scope,
    string? ClientUri,
    string? LogoUri);
