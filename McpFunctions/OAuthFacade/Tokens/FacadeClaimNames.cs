namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>Claims in the façade's access tokens (RFC 9068 §2.2) and the one private claim it adds.</summary>
internal static class FacadeClaimNames
{
    public const string Issuer = "iss";
    public const string Subject = "sub";
    public const string Audience = "aud";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string IssuedAt = "iat";
    public const string NotBefore = "nbf";
    public const string Expiration = "exp";
    public const string JwtId = "jti";

    /// <summary>The grant (refresh-token family) the token belongs to; the resource server checks it is not revoked.</summary>
    public const string GrantId = "gid";

    /// <summary>Identity claims copied from the upstream ID token or userinfo when present (OIDC Core §5.1).</summary>
    public const string Name = "name";

    public const string Email = "email";

    /// <summary>Profile claims copied into access tokens: strings only, never a registered claim.</summary>
    public static readonly string[] CopiedIdentityClaims = [Name, Email];
}
