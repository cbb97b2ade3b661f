namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// A user's grant to one client: the refresh-token family. Refresh tokens are <c>{grantId}.{secret}</c>, so the
/// grant is found by id and the token compared by hash in fixed time. Rotation keeps the previous hash valid for a
/// short grace period (Claude refreshes from two places at once); reuse after the grace revokes the grant.
/// </summary>
internal sealed record GrantRecord
{
    public required string GrantId { get; init; }

    public required string ClientId { get; init; }

    public required string Subject { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required string Resource { get; init; }

    public string? ClaimsJson { get; init; }

    /// <summary>SHA-256 (base64url) of the current refresh token.</summary>
    public required string RefreshTokenHash { get; init; }

    /// <summary>SHA-256 of the token it replaced, accepted until <see cref="PreviousValidUntil"/>.</summary>
    public string? PreviousRefreshTokenHash { get; init; }

    public DateTimeOffset? PreviousValidUntil { get; init; }

    /// <summary>The response to the last rotation, so a concurrent refresh within the grace period gets the same new token pair.</summary>
    public string? LastRotationResponseProtected { get; init; }

    public string? UpstreamRefreshTokenProtected { get; init; }

    public bool Revoked { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Absolute lifetime of the family; refreshing never extends past it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ETag { get; init; }
}
