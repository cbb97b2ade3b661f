namespace McpFunctions.OAuthFacade;

/// <summary>The authorization-server façade (configuration section <c>Facade</c>; used when <c>Auth:Mode</c> is <c>Facade</c>).</summary>
internal sealed class FacadeOptions
{
    public const string SectionName = "Facade";

    /// <summary>The identity provider users actually sign in with.</summary>
    public UpstreamOptions Upstream { get; set; } = new();

    /// <summary>
    /// How the end-user pages (consent, errors, sign-in) name this server. When empty, the composition root sets it to
    /// the name MCP clients show for the server (<c>Mcp:ServerTitle</c>, else <c>Mcp:ServerName</c>), so the façade
    /// reads no other area's settings.
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// The token-signing private key (PKCS#8 PEM, RSA or P-256), normally a Key Vault reference. When empty, a key is
    /// generated and kept in the store (local runs; logged as a warning).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Lifetime of access tokens the façade issues, per deployment (default 1 h, allowed 1 min … 24 h). One hour because
    /// the resource server re-checks the grant every 30 s (a revoked grant's tokens stop within that, whatever their
    /// lifetime) while many clients refresh badly (anthropics/claude-ai-mcp#247): shorter means more sign-ins for them,
    /// longer means a leaked token is usable longer. Raise it for clients that never refresh in time.
    /// </summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Absolute lifetime of a refresh-token family (default 30 days).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after a rotation a refresh with the token just rotated out gets the same new pair again (default 60 s):
    /// clients that refresh from two places at once must not be logged out, nor get two different pairs. Past it, that
    /// token still rotates while the new one has never been used (docs/security.md, "Refresh tokens").
    /// </summary>
    public TimeSpan RefreshTokenReuseGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lifetime of the codes the façade issues (default 5 min).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a consented request waits for the upstream callback (default 10 min).</summary>
    public TimeSpan PendingAuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A dynamically registered client unused for this long is removed (default 90 days).</summary>
    public TimeSpan ClientIdleLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long remembered consent lasts in the signed cookie (default 30 days).</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Redirect URIs clients may register or present, as exact URIs; loopback URIs match on any port (RFC 8252 §7.3).
    /// Default: Claude, ChatGPT, VS Code, MCP Inspector and loopback (Claude Code, VS Code desktop).
    /// </summary>
    public List<string> AllowedRedirectUris { get; set; } = [];

    /// <summary>Accept any https redirect URI a client registers (exact matching still applies afterwards). Default false.</summary>
    public bool AllowAnyHttpsRedirectUri { get; set; }

    /// <summary>Dynamic registrations one client address may make per minute, per instance (default 10).</summary>
    public int RegistrationsPerMinute { get; set; } = 10;

    /// <summary>Client ID Metadata Document fetching.</summary>
    public ClientMetadataDocumentOptions ClientMetadataDocuments { get; set; } = new();

    internal static readonly string[] DefaultAllowedRedirectUris =
    [
        "https://claude.ai/api/mcp/auth_callback",
        "https://claude.com/api/mcp/auth_callback",
        "https://chatgpt.com/connector_platform_oauth_redirect",
        "https://chatgpt.com/connector/oauth/*",
        "https://vscode.dev/redirect",
        "http://localhost:6274/oauth/callback",
        "http://localhost/*",
        "http://127.0.0.1/*",
        "http://[::1]/*",
    ];
}

/// <summary>The upstream identity provider (section <c>Facade:Upstream</c>).</summary>
internal sealed class UpstreamOptions
{
    /// <summary><c>Oidc</c> (Entra ID, Auth0, Google, Okta, Keycloak, …) or <c>Development</c> (a local sign-in page; refused under the Functions host and outside Development).</summary>
    public UpstreamKind Kind { get; set; } = UpstreamKind.Oidc;

    /// <summary>The provider's issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; metadata from OIDC discovery.</summary>
    public string? Authority { get; set; }

    /// <summary>The façade's own client id at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The façade's client secret (a Key Vault reference); not needed with <see cref="UseManagedIdentityFederation"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// How the façade sends <see cref="ClientSecret"/>: <c>client_secret_basic</c> or <c>client_secret_post</c>. Default
    /// (empty): Basic, unless the provider's metadata offers only form post. Set it when the provider enforces the
    /// method registered for the application (Auth0: the application's "Authentication Method").
    /// </summary>
    public string? ClientAuthenticationMethod { get; set; }

    /// <summary>
    /// Entra ID: authenticate with a client assertion obtained from the managed identity (a federated identity credential
    /// on the app registration, audience <c>api://AzureADTokenExchange</c>), so no secret exists anywhere.
    /// </summary>
    public bool UseManagedIdentityFederation { get; set; }

    /// <summary>The user-assigned managed identity's client id, for <see cref="UseManagedIdentityFederation"/>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Scopes requested upstream (default <c>openid profile email</c>). Never the MCP <c>resource</c>: Entra rejects it.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Call the provider's userinfo endpoint once at callback for profile claims (default false).</summary>
    public bool CallUserinfo { get; set; }

    /// <summary>Keep the upstream refresh token (encrypted) with the grant (default false).</summary>
    public bool KeepUpstreamRefreshToken { get; set; }

    /// <summary>Metadata must be https except on loopback (default true; tests turn it off for a loopback provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Timeout for calls to the provider (default 10 s).</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal enum UpstreamKind
{
    Oidc,
    Development,
}

/// <summary>Client ID Metadata Document fetching (section <c>Facade:ClientMetadataDocuments</c>).</summary>
internal sealed class ClientMetadataDocumentOptions
{
    /// <summary>Accept https client ids that are metadata documents (default true; advertised in AS metadata).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest document accepted (default 5 KiB).</summary>
    public int MaxBytes { get; set; } = 5 * 1024;

    /// <summary>Fetch timeout (default 5 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a document is cached whatever its headers say (default 24 h); shortest 5 min.</summary>
    public TimeSpan MaxCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether AS metadata says <c>client_id_metadata_document_supported: true</c> (default true). False makes Claude fall
    /// back to dynamic registration — for a deployment whose egress cannot fetch Anthropic's documents and that does not
    /// want to rely on pinned copies. Metadata-document client ids are still accepted when presented.
    /// </summary>
    public bool Advertise { get; set; } = true;

    /// <summary>
    /// Metadata documents used when the live one cannot be fetched (403, timeout, DNS) — never when it answers. Added to
    /// the built-in copies of Anthropic's two documents (an entry with the same ClientId replaces the built-in one).
    /// </summary>
    public List<McpFunctions.OAuthFacade.ClientMetadata.PinnedClientMetadataDocument> Pinned { get; set; } = [];

    /// <summary>Client ids whose pinned copy (built-in or configured) is not used.</summary>
    public List<string> Unpinned { get; set; } = [];

    /// <summary>TEST ONLY: allow metadata documents on loopback hosts over http. Default false; never enable in a deployment.</summary>
    public bool AllowLoopbackHostsForTesting { get; set; }
}
