namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// The pinned documents every deployment starts with: Anthropic's two, which answer 403 to some cloud egress addresses
/// (a Cloudflare challenge: anthropics/claude-ai-mcp#650, anthropics/claude-code#84263), leaving users on an error page.
/// </summary>
/// <remarks>
/// Anthropic publishes no copy of these documents besides the URLs themselves. The members below are what the URLs
/// served in 2026 as recorded publicly by third parties: the Claude Code redirect URIs in anthropics/claude-code#42301,
/// #44429 and #64705 (no <c>application_type</c>, port-less loopback URIs); the full Claude document (with its
/// <c>jwt-bearer</c> grant) as served on 2026-09-29 in public test fixtures. The live document always wins when it
/// answers; remove a pinned copy with <c>Facade:ClientMetadataDocuments:Unpinned</c> if it goes stale.
/// </remarks>
internal static class PinnedClientMetadataDefaults
{
    public const string ClaudeClientId = "https://claude.ai/oauth/mcp-oauth-client-metadata";

    public const string ClaudeCodeClientId = "https://claude.ai/oauth/claude-code-client-metadata";

    public static IReadOnlyList<PinnedClientMetadataDocument> Create() =>
    [
        new()
        {
            ClientId = ClaudeClientId,
            ClientName = "Claude",
            ClientUri = "https://claude.ai",
            RedirectUris = ["https://claude.ai/api/mcp/auth_callback"],
            GrantTypes = ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer"],
            ResponseTypes = ["code"],
            TokenEndpointAuthMethod = "none",
        },
        new()
        {
            ClientId = ClaudeCodeClientId,
            ClientName = "Claude Code",
            ClientUri = "https://claude.ai",
            RedirectUris = ["http://localhost/callback", "http://127.0.0.1/callback"],
            GrantTypes = ["authorization_code", "refresh_token"],
            ResponseTypes = ["code"],
            TokenEndpointAuthMethod = "none",
        },
    ];
}
