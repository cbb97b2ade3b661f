namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>Fixed values of token validation (not settings).</summary>
internal static class TokenValidationDefaults
{
    /// <summary>The <see cref="IHttpClientFactory"/> client for discovery, JWKS, introspection and userinfo calls.</summary>
    public const string HttpClientName = "McpFunctions.TokenValidation";

    /// <summary>The authentication type of validated principals, so that <c>Identity.IsAuthenticated</c> is true.</summary>
    public const string AuthenticationType = "Bearer";
}
