namespace McpFunctions.OpenIdConnect;

/// <summary>What a bearer token looks like from outside, which decides how it can be validated.</summary>
internal enum TokenFormat
{
    /// <summary>Compact JWS (RFC 7515 §7.1) whose header names a <c>kid</c>: verifiable against the JWKS.</summary>
    SignedJwtWithKid,

    /// <summary>Compact JWS without <c>kid</c>: cannot pick a JWKS key safely.</summary>
    SignedJwtWithoutKid,

    /// <summary>Compact JWE (RFC 7516 §7.1, five segments), like the first seed's Auth0 token: only the IdP can read it.</summary>
    Encrypted,

    /// <summary>Anything else: a reference token only the IdP can resolve.</summary>
    Opaque,
}
