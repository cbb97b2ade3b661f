namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>Claim and member names read from access tokens and introspection responses.</summary>
internal static class TokenClaimNames
{
    /// <summary>RFC 7519 §4.1.2.</summary>
    public const string Subject = "sub";

    /// <summary>RFC 7519 §4.1.3; a string or an array of strings.</summary>
    public const string Audience = "aud";

    /// <summary>RFC 7519 §4.1.4 (NumericDate).</summary>
    public const string Expiration = "exp";

    /// <summary>RFC 7519 §4.1.5 (NumericDate).</summary>
    public const string NotBefore = "nbf";

    /// <summary>RFC 8693 §4.2 / RFC 9068 §2.2.3: space-separated scopes.</summary>
    public const string Scope = "scope";

    /// <summary>Entra ID and Okta: scopes as a space-separated string or an array.</summary>
    public const string Scp = "scp";

    /// <summary>RFC 9068 §2.2 / RFC 7662 §2.2.</summary>
    public const string ClientId = "client_id";

    /// <summary>OIDC Core §2 authorized party (Auth0, Entra v2).</summary>
    public const string AuthorizedParty = "azp";

    /// <summary>Entra ID v1 tokens.</summary>
    public const string AppId = "appid";

    /// <summary>RFC 7662 §2.2: REQUIRED boolean.</summary>
    public const string Active = "active";

    /// <summary>RFC 7662 §2.2: the kind of token, e.g. <c>Bearer</c>.</summary>
    public const string TokenType = "token_type";
}
