using System.Net;
using System.Text.Json;
using McpFunctions.OAuthFacade.Endpoints;

namespace McpFunctions.OAuthFacade;

/// <summary>
/// The façade's one way to answer with an <see cref="OAuthError"/>, in the three forms OAuth has:
/// a JSON body on the back channel (RFC 6749 §5.2, RFC 7591 §3.2.2), a redirect to the client's validated
/// redirect URI on the front channel (RFC 6749 §4.1.2.1, with <c>state</c> and RFC 9207 <c>iss</c>), and an
/// HTML page when the redirect URI itself cannot be trusted (RFC 6749 §4.1.2.1: the server MUST NOT redirect then).
/// Every form carries <c>Cache-Control: no-store</c>.
/// </summary>
internal static class OAuthErrorWriter
{
    /// <summary>RFC 6749 §5.2: <c>invalid_client</c> is 401 (with a Basic challenge when the client used Basic); the rest 400.</summary>
    public static int StatusFor(OAuthError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Status ?? error.Error switch
        {
            OAuthConstants.Errors.InvalidClient => StatusCodes.Status401Unauthorized,
            OAuthConstants.Errors.ServerError => StatusCodes.Status500InternalServerError,
            OAuthConstants.Errors.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>The back-channel form: <c>{"error":..., "error_description":...}</c>.</summary>
    public static async Task WriteJsonAsync(HttpContext context, OAuthError error, string? basicRealm = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = StatusFor(error);
        NoStore(response);
        if (response.StatusCode == StatusCodes.Status401Unauthorized && basicRealm is not null)
        {
            // RFC 6749 §5.2: a client that tried HTTP Basic gets the matching challenge.
            response.Headers.WWWAuthenticate = $"Basic realm=\"{basicRealm}\"";
        }

        if (response.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            response.Headers.RetryAfter = "60";
        }

        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString(OAuthConstants.Parameters.Error, error.Error);
        writer.WriteString(OAuthConstants.Parameters.ErrorDescription, error.Description);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// The front-channel form once the redirect URI is validated: back to the client with <c>error</c>,
    /// <c>error_description</c>, its <c>state</c> and our <c>iss</c>.
    /// </summary>
    public static void Redirect(HttpContext context, string redirectUri, OAuthError error, string? state, string issuer, int status = StatusCodes.Status302Found)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var target = ClientRedirect.Build(redirectUri,
        [
            new(OAuthConstants.Parameters.Error, error.Error),
            new(OAuthConstants.Parameters.ErrorDescription, error.Description),
            new(OAuthConstants.Parameters.State, state),
            new(OAuthConstants.Parameters.Issuer, issuer),
        ]);
        ClientRedirect.Send(context, target, status);
    }

    /// <summary>
    /// The front-channel form when the client or its redirect URI is not trusted (or a sign-in link is stale):
    /// a page for the person at the browser, never a redirect.
    /// </summary>
    public static Task WriteErrorPageAsync(HttpContext context, OAuthError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var (server, host) = HtmlPage.Identify(context);
        var body =
            $"<h1>Sign-in to {WebUtility.HtmlEncode(server)} cannot continue</h1><p>{WebUtility.HtmlEncode(error.Description)}</p>" +
            $"<p class=\"code\">Error: <code>{WebUtility.HtmlEncode(error.Error)}</code></p>" +
            $"<p>Close this window and start the connection again from the application you came from. If it keeps happening, tell the administrator of <strong>{WebUtility.HtmlEncode(host)}</strong> the error above.</p>";
        return HtmlPage.WriteAsync(context, StatusFor(error), "Sign-in error", body);
    }

    public static void NoStore(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        // RFC 6749 §5.1: responses with tokens or credentials must not be cached.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
