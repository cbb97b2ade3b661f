using McpFunctions.Hosting;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The façade's issuer and endpoint URLs: the public base URL (never the request's Host, which behind the
/// Functions host is the handler's loopback address), with no trailing slash (RFC 8414 §2, RFC 9207 §2 compare it exactly).
/// </summary>
internal sealed class FacadeUrls(PublicUrls publicUrls)
{
    public string Issuer => publicUrls.ResolveBaseUri().GetLeftPart(UriPartial.Authority);

    /// <summary>Whether the browser reaches this app over https (decides the <c>__Host-</c> cookie prefix).</summary>
    public bool IsHttps => publicUrls.ResolveBaseUri().Scheme == Uri.UriSchemeHttps;

    public string Absolute(string path) => Issuer + path;

    /// <summary>The callback registered at the upstream provider, e.g. <c>https://app.example.com/callback</c>.</summary>
    public string Callback => Absolute(OAuthConstants.Paths.Callback);
}
