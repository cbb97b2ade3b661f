using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// A loaded signing key: the private key that signs, its public half that verifies, and its JWK for <c>jwks_uri</c>.
/// <see cref="KeyId"/> is the RFC 7638 thumbprint of the public JWK, so it is the same on every instance and
/// changes exactly when the key does.
/// </summary>
internal sealed class FacadeSigningKey
{
    public required string KeyId { get; init; }

    /// <summary><c>RS256</c> or <c>ES256</c>.</summary>
    public required string Algorithm { get; init; }

    public required SecurityKey PrivateKey { get; init; }

    public required SecurityKey PublicKey { get; init; }

    /// <summary>The public JWK members (RFC 7517 §4), in publication order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> PublicJwk { get; init; }

    /// <summary>The rotation generation of a generated key; 0 for the configured key.</summary>
    public long Generation { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The key signs until then.</summary>
    public DateTimeOffset RetireAt { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>The key is published (and verifies) until then.</summary>
    public DateTimeOffset ExpiresAt { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>Whether this key may sign at <paramref name="now"/>.</summary>
    public bool SignsAt(DateTimeOffset now) => CreatedAt <= now && now < RetireAt;

    /// <summary>Whether this key is published and verifies at <paramref name="now"/>.</summary>
    public bool VerifiesAt(DateTimeOffset now) => now < ExpiresAt;

    public SigningCredentials SigningCredentials() => new(PrivateKey, Algorithm);
}
