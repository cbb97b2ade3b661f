using McpFunctions.Hosting;

namespace McpFunctions.OAuthFacade;

/// <summary>
/// The error boundary's form on the façade's routes: RFC 6749 errors. Pages a browser opens (authorize, consent,
/// callback, the development sign-in) get the error page; the back channel gets the JSON body (RFC 6749 §5.2).
/// Never a redirect: at this point nothing says the redirect URI was validated (RFC 6749 §4.1.2.1).
/// 503 is <c>temporarily_unavailable</c>, any other 5xx <c>server_error</c>, 4xx <c>invalid_request</c>.
/// </summary>
internal sealed class OAuthErrorResponseWriter : IErrorResponseWriter
{
    private static readonly HashSet<string> BackChannel = new(StringComparer.OrdinalIgnoreCase)
    {
        OAuthConstants.Paths.AuthorizationServerMetadata,
        OAuthConstants.Paths.OpenIdConfiguration,
        OAuthConstants.Paths.Jwks,
        OAuthConstants.Paths.Register,
        OAuthConstants.Paths.Token,
        OAuthConstants.Paths.Revoke,
    };

    private static readonly HashSet<string> FrontChannel = new(StringComparer.OrdinalIgnoreCase)
    {
        OAuthConstants.Paths.Authorize,
        OAuthConstants.Paths.Consent,
        OAuthConstants.Paths.Callback,
        OAuthConstants.Paths.DevelopmentSignIn,
    };

    public bool Handles(HttpContext context) => BackChannel.Contains(PathOf(context)) || FrontChannel.Contains(PathOf(context));

    public Task WriteAsync(HttpContext context, BoundaryFault fault)
    {
        var code = fault.StatusCode switch
        {
            StatusCodes.Status503ServiceUnavailable => OAuthConstants.Errors.TemporarilyUnavailable,
            >= StatusCodes.Status500InternalServerError => OAuthConstants.Errors.ServerError,
            _ => OAuthConstants.Errors.InvalidRequest,
        };
        var error = new OAuthError(code, fault.Message) { Status = fault.StatusCode };
        return FrontChannel.Contains(PathOf(context))
            ? OAuthErrorWriter.WriteErrorPageAsync(context, error)
            : OAuthErrorWriter.WriteJsonAsync(context, error);
    }

    private static string PathOf(HttpContext context) => context.Request.Path.HasValue ? context.Request.Path.Value!.TrimEnd('/') : string.Empty;
}
