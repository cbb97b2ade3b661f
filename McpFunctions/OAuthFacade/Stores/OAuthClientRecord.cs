namespace McpFunctions.OAuthFacade.Stores;

/// <summary>How a client came to be known (MCP authorization 2025-11-25, "Client Registration Approaches").</summary>
internal enum ClientRegistrationKind
{
    /// <summary>RFC 7591 dynamic client registration at <c>/register</c>.</summary>
    Dynamic,

    /// <summary>A Client ID Metadata Document fetched from the https <c>client_id</c> URL (cached here).</summary>
    MetadataDocument,
}

/// <summary>A client of the façade's authorization server. Secrets are kept only as SHA-256 hashes.</summary>
internal sealed record OAuthClientRecord
{
    public required string ClientId { get; init; }

    public required ClientRegistrationKind Kind { get; init; }

    public string? ClientName { get; init; }

    public required IReadOnlyList<string> RedirectUris { get; init; }

    public IReadOnlyList<string> GrantTypes { get; init; } = ["authorization_code"];

    public IReadOnlyList<string> ResponseTypes { get; init; } = ["code"];

    /// <summary><c>none</c> (public client, PKCE only), <c>client_secret_basic</c> or <c>client_secret_post</c>.</summary>
    public string TokenEndpointAuthMethod { get; init; } = "none";

    /// <summary>SHA-256 of the client secret (base64url), for confidential clients only.</summary>
    public string? ClientSecretHash { get; init; }

    /// <summary>
    /// SHA-256 of the RFC 7592 registration access token a dynamic registration was given, for its client configuration
    /// endpoint (<c>/register/{client_id}</c>). Null for metadata-document clients, and for registrations made before
    /// the endpoint existed: those cannot be read or deleted there.
    /// </summary>
    public string? RegistrationAccessTokenHash { get; init; }

    /// <summary>The scope the client asked for at registration, echoed back; authorization grants only the server's own scopes.</summary>
    public string? Scope { get; init; }

    /// <summary><c>web</c> or <c>native</c> (OIDC Registration); native clients may use loopback redirects on any port.</summary>
    public string ApplicationType { get; init; } = "web";

    public string? ClientUri { get; init; }

    public string? LogoUri { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUsedAt { get; init; }

    /// <summary>Registrations expire after a configurable time unused; cached metadata documents per HTTP caching.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ETag { get; init; }
}
