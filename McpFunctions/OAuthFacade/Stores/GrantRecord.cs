namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// A user's grant to one client: the refresh-token family. Refresh tokens are <c>{grantId}.{secret}</c>, so the
/// grant is found by id and the token compared by hash in fixed time. Rotation keeps the previous token valid until
/// the new one is first used (Claude Code does not always store the rotated token: anthropics/claude-code#59460);
/// every secret rotated out before that is remembered, so presenting any of them is reuse and revokes the grant.
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

    /// <summary>
    /// SHA-256 of the token the current one replaced. It stays valid until the current token is first used (the rule of
    /// Cloudflare's workers-oauth-provider); then it joins <see cref="RetiredRefreshTokenHashes"/>.
    /// </summary>
    public string? PreviousRefreshTokenHash { get; init; }

    /// <summary>
    /// Until when a refresh with the previous token gets <see cref="LastRotationResponseProtected"/> again instead of a new
    /// pair: concurrent retries of one refresh (Claude refreshing from two places at once) all get the same answer.
    /// </summary>
    public DateTimeOffset? PreviousValidUntil { get; init; }

    /// <summary>The response to the last rotation, so a concurrent refresh within the grace period gets the same new token pair.</summary>
    public string? LastRotationResponseProtected { get; init; }

    /// <summary>
    /// Every refresh token of this grant that can no longer be used, as <see cref="RetiredHashLength"/>-character
    /// prefixes of their SHA-256 (base64url, 132 bits: enough to recognise an issued secret, and it keeps a month of
    /// hourly rotations within one Table Storage string property). Presenting one is reuse (RFC 9700 §4.14.2).
    /// Oldest first; beyond <see cref="MaxRetiredHashes"/> the oldest are forgotten (such a token is then merely invalid).
    /// </summary>
    public IReadOnlyList<string> RetiredRefreshTokenHashes { get; init; } = [];

    /// <summary>Characters kept of a retired token's hash.</summary>
    public const int RetiredHashLength = 22;

    /// <summary>1,200 × 25 characters of JSON stays under Table Storage's 32K-character string property.</summary>
    public const int MaxRetiredHashes = 1200;

    public string? UpstreamRefreshTokenProtected { get; init; }

    public bool Revoked { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Absolute lifetime of the family; refreshing never extends past it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ETag { get; init; }
}
