namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// A token-signing key shared by every instance. Keys from configuration (Key Vault) are never stored; a key
/// generated for a local run is kept here (private key protected with the shared data-protection keys).
/// </summary>
internal sealed record SigningKeyRecord
{
    public required string KeyId { get; init; }

    /// <summary>
    /// Position in the rotation sequence, 1 for the first generated key. Instances that find no usable key all try
    /// to create generation <c>newest + 1</c>; the store lets exactly one succeed, so they converge on one key.
    /// </summary>
    public long Generation { get; init; }

    /// <summary><c>RS256</c> or <c>ES256</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The private key (PKCS#8 PEM), protected with the data-protection key ring.</summary>
    public required string PrivateKeyProtected { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the key no longer signs but stays published until <see cref="ExpiresAt"/> so issued tokens verify.</summary>
    public required DateTimeOffset RetireAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ETag { get; init; }
}
