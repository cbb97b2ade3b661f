namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// A Client ID Metadata Document kept in configuration (<c>Facade:ClientMetadataDocuments:Pinned</c>), used only when
/// the live document cannot be fetched. The members are the document's own (draft-ietf-oauth-client-id-metadata-document
/// §4.1), validated at start-up by the same rules as a fetched document. A list, not a map: a configuration key cannot
/// hold a URL (':' separates sections).
/// </summary>
internal sealed class PinnedClientMetadataDocument
{
    /// <summary>The document's URL, which is the client id, e.g. <c>https://claude.ai/oauth/mcp-oauth-client-metadata</c>.</summary>
    public string? ClientId { get; set; }

    public string? ClientName { get; set; }

    public string? ClientUri { get; set; }

    public string? LogoUri { get; set; }

    /// <summary>Bound the authorization request exactly as the fetched document's would (loopback: any port, RFC 8252 §7.3).</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<string> GrantTypes { get; set; } = [];

    public List<string> ResponseTypes { get; set; } = [];

    /// <summary>Must be <c>none</c>, as for any metadata document.</summary>
    public string? TokenEndpointAuthMethod { get; set; }

    public string? ApplicationType { get; set; }

    public string? Scope { get; set; }
}
