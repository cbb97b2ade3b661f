using McpFunctions.OAuthFacade.Tokens;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The façade's public signing keys (RFC 7517 JWK Set) at the metadata's <c>jwks_uri</c>: the current key and
/// retired keys whose tokens may still be alive. Cached briefly so a rotation is picked up within minutes.
/// </summary>
internal sealed class JwksEndpoint(IFacadeKeyRing keyRing)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jwks = await keyRing.GetPublicJwksJsonAsync(context.RequestAborted);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "public, max-age=300";
        await context.Response.WriteAsync(jwks, context.RequestAborted);
    }
}
