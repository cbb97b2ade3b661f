namespace McpFunctions.ResourceServer;

/// <summary>Authentication settings (configuration section <c>Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Default <see cref="AuthMode.Disabled"/>, which only starts in the Development environment.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Disabled;

    /// <summary>
    /// Lets <see cref="AuthMode.Disabled"/> start outside Development or under the Functions host. Anyone who
    /// can reach the endpoint can then call every tool; meant for throw-away test deployments only.
    /// </summary>
    public bool AllowDisabledOutsideDevelopment { get; set; }

    /// <summary>Which requests need a token (the MCP endpoint's access table, <c>Mcp/McpAccessPolicy</c>). Default <c>Strict</c>.</summary>
    public MethodPolicyPreset MethodPolicy { get; set; } = MethodPolicyPreset.Strict;

    /// <summary>
    /// Seed preset: a session created without a token expires this soon unless a token binds it to a user
    /// (default 5 min), so open initialize cannot be used to fill the session table.
    /// </summary>
    public TimeSpan UnboundSessionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed preset: sessions one client address may create without a token per minute, per instance (default 20).</summary>
    public int UnauthenticatedSessionsPerMinute { get; set; } = 20;

    /// <summary>The scopes this server defines (published as <c>scopes_supported</c>). Default <c>mcp:read</c>, <c>mcp:execute</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// External mode: the authorization server's issuer, e.g. <c>https://your-tenant.auth0.com/</c>. Its metadata is
    /// read from OIDC discovery (<c>/.well-known/openid-configuration</c>) or RFC 8414 metadata.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Overrides the metadata document URL derived from <see cref="Authority"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// Audiences accepted besides this server's canonical resource URLs (with and without trailing slash),
    /// e.g. an Entra <c>api://</c> application id URI or an Auth0 API identifier that differs from the URL.
    /// </summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>Accepted JWS algorithms. Default: RS256/384/512, PS256/384/512, ES256/384/512 (never <c>none</c> or HMAC).</summary>
    public List<string> ValidAlgorithms { get; set; } = [];

    /// <summary>Allowed clock difference for <c>exp</c>/<c>nbf</c> (default 60 s).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Metadata, JWKS, introspection and userinfo must be https (default true); false allows http on loopback only (test identity providers).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>RFC 7662 token introspection for opaque tokens.</summary>
    public IntrospectionOptions Introspection { get; set; } = new();

    /// <summary>The first seed's userinfo validation for JWE/opaque tokens (opt-in; it cannot prove the audience).</summary>
    public UserinfoOptions Userinfo { get; set; } = new();

    /// <summary>How long an introspection or userinfo result is reused, capped by the token's own expiry (default 5 min).</summary>
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a rejected token is remembered as rejected (default 10 s).</summary>
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most cached validation results kept per instance (default 10,000).</summary>
    public int TokenCacheSize { get; set; } = 10_000;

    /// <summary>Timeout for calls to the authorization server (default 10 s).</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal static readonly string[] DefaultScopes = ["mcp:read", "mcp:execute"];

    internal static readonly string[] DefaultAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
}

/// <summary>RFC 7662 introspection settings (section <c>Auth:Introspection</c>).</summary>
internal sealed class IntrospectionOptions
{
    public bool Enabled { get; set; }

    /// <summary>Defaults to the authorization server's <c>introspection_endpoint</c> metadata.</summary>
    public string? Endpoint { get; set; }

    /// <summary>This server's own client credentials at the authorization server.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }
}

/// <summary>Userinfo validation settings (section <c>Auth:Userinfo</c>).</summary>
internal sealed class UserinfoOptions
{
    public bool Enabled { get; set; }

    /// <summary>Defaults to the authorization server's <c>userinfo_endpoint</c> metadata.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Scopes granted to a userinfo-validated token, since userinfo carries none. Default: all of <see cref="AuthOptions.Scopes"/>.</summary>
    public List<string> GrantedScopes { get; set; } = [];
}
