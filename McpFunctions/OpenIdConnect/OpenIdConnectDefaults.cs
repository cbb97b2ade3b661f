namespace McpFunctions.OpenIdConnect;

/// <summary>Fixed values of the back channel to identity providers (not settings).</summary>
internal static class OpenIdConnectDefaults
{
    /// <summary>
    /// Largest response accepted from an identity provider. Entra's JWKS is about 10 KB and token, introspection or
    /// userinfo answers are smaller; anything far larger is a fault, not data.
    /// </summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>
    /// A token naming an unknown <c>kid</c> reloads the provider's metadata and keys at most this often
    /// (ConfigurationManager's default RefreshInterval), so random kids cannot make us hammer the provider.
    /// </summary>
    public static readonly TimeSpan KeyReloadInterval = TimeSpan.FromMinutes(5);

    /// <summary>OpenID Connect Discovery 1.0 §4: appended to the issuer.</summary>
    public const string OpenIdConfigurationSegment = "/.well-known/openid-configuration";

    /// <summary>RFC 8414 §3.1: inserted between the issuer's host and its path.</summary>
    public const string OAuthAuthorizationServerSegment = "/.well-known/oauth-authorization-server";
}
