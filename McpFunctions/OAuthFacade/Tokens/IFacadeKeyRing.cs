using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>The façade's token-signing keys, shared by every instance and rotatable.</summary>
internal interface IFacadeKeyRing
{
    /// <summary>The façade's issuer identifier (RFC 8414 §2): the public base URL without a trailing slash.</summary>
    string Issuer { get; }

    /// <summary>The public keys as a JWKS document (RFC 7517) for <c>jwks_uri</c>: the signing key and retired keys still verifying.</summary>
    Task<string> GetPublicJwksJsonAsync(CancellationToken cancellationToken);

    /// <summary>The newest key allowed to sign now (generated and stored on first use when none is configured).</summary>
    Task<FacadeSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken);

    /// <summary>The public keys tokens may be verified with now (every unexpired key), from the short-lived in-memory copy.</summary>
    Task<IReadOnlyList<SecurityKey>> GetValidationKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads the keys again for a token naming an unknown <c>kid</c> (another instance may just have rotated),
    /// at most once per <see cref="FacadeTokenDefaults.UnknownKeyReloadInterval"/>; otherwise the cached keys.
    /// </summary>
    Task<IReadOnlyList<SecurityKey>> ReloadValidationKeysAsync(CancellationToken cancellationToken);
}
