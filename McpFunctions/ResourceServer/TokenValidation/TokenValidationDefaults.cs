namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>Fixed values of token validation (not settings).</summary>
internal static class TokenValidationDefaults
{
    /// <summary>The <see cref="IHttpClientFactory"/> client for discovery, JWKS, introspection and userinfo calls.</summary>
    public const string HttpClientName = "McpFunctions.TokenValidation";

    /// <summary>The authentication type of validated principals, so that <c>Identity.IsAuthenticated</c> is true.</summary>
    public const string AuthenticationType = "Bearer";

    /// <summary>
    /// A token naming an unknown <c>kid</c> triggers a metadata and JWKS reload at most this often
    /// (ConfigurationManager's default RefreshInterval), so random kids cannot make us hammer the IdP.
    /// </summary>
    public static readonly TimeSpan KeyRefreshInterval = McpFunctions.OpenIdConnect.OpenIdConnectDefaults.KeyReloadInterval;
}
