namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// An authorization code the façade issued to a client. Keyed by the SHA-256 of the code; redeemed once
/// (marked with ETag, not deleted, so a replay can be recognised and revoke the grant it produced).
/// </summary>
internal sealed record AuthorizationCodeRecord
{
    public required string CodeHash { get; init; }

    public required string ClientId { get; init; }

    public required string RedirectUri { get; init; }

    public required string CodeChallenge { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required string Resource { get; init; }

    public required string Subject { get; init; }

    /// <summary>Identity claims for the access token (e.g. name, email), as JSON.</summary>
    public string? ClaimsJson { get; init; }

    /// <summary>The upstream refresh token, encrypted, when configured to keep it.</summary>
    public string? UpstreamRefreshTokenProtected { get; init; }

    /// <summary>Set at redemption: the grant this code produced, so a replay revokes it.</summary>
    public string? RedeemedGrantId { get; init; }

    public DateTimeOffset? RedeemedAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ETag { get; init; }
}
