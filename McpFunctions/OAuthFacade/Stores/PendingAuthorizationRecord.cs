namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// An authorization request the user consented to, waiting for the upstream identity provider's callback.
/// Keyed by the SHA-256 of the upstream <c>state</c>; consumed exactly once (delete with ETag), short-lived.
/// </summary>
internal sealed record PendingAuthorizationRecord
{
    /// <summary>SHA-256 (base64url) of the <c>state</c> sent upstream: the row key.</summary>
    public required string StateHash { get; init; }

    public required string ClientId { get; init; }

    public required string RedirectUri { get; init; }

    /// <summary>The client's own <c>state</c>, returned to it unchanged.</summary>
    public string? ClientState { get; init; }

    /// <summary>The client's PKCE S256 challenge, bound to the code the façade will issue.</summary>
    public required string CodeChallenge { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The canonical resource the token will be bound to (RFC 8707).</summary>
    public required string Resource { get; init; }

    /// <summary>The façade's own PKCE verifier for the upstream, encrypted with the shared data-protection keys.</summary>
    public required string UpstreamCodeVerifierProtected { get; init; }

    /// <summary>The OIDC nonce sent upstream, checked in the ID token.</summary>
    public required string UpstreamNonce { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ETag { get; init; }
}
