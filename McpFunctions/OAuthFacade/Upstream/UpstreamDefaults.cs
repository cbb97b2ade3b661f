namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>Fixed values of the upstream side.</summary>
internal static class UpstreamDefaults
{
    /// <summary>The <see cref="IHttpClientFactory"/> client for discovery, JWKS, token and userinfo calls to the upstream provider.</summary>
    public const string HttpClientName = "facade-upstream";

    /// <summary>The setting that allows plain http to a loopback provider, named in messages.</summary>
    public const string RequireHttpsSetting = "Facade:Upstream:RequireHttpsMetadata";

    /// <summary>Scopes requested upstream when none are configured: an ID token with a name and an e-mail.</summary>
    public static readonly string[] Scopes = ["openid", "profile", "email"];

    /// <summary>Allowed clock difference for the ID token's <c>exp</c>/<c>nbf</c>/<c>iat</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Entra ID workload identity federation: the audience of the managed identity's token used as client assertion.</summary>
    public const string TokenExchangeScope = "api://AzureADTokenExchange/.default";

    /// <summary>Asymmetric JWS algorithms only (RFC 8725 §3.1–3.2): never <c>none</c>, never HMAC.</summary>
    public static readonly string[] IdTokenAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
}
