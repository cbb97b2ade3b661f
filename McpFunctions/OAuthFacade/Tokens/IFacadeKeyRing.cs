namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>The façade's token-signing keys, shared by every instance and rotatable.</summary>
internal interface IFacadeKeyRing
{
    /// <summary>The public keys as a JWKS document (RFC 7517) for <c>jwks_uri</c>: the signing key and retired keys still verifying.</summary>
    Task<string> GetPublicJwksJsonAsync(CancellationToken cancellationToken);
}
