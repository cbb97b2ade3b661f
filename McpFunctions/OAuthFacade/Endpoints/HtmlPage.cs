using System.Net;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// Writes the façade's few HTML pages (error, consent, development sign-in) with the headers every
/// front-channel page needs: no framing (clickjacking a consent button is the classic attack; MCP security
/// best practices, "Confused Deputy"), no caching, no referrer, no scripts. Every page names the server and its
/// host in its title and footer, so a person who arrived from an application knows where they are; the pages are
/// for end users and never use the word "façade" (the operator's term).
/// </summary>
internal static class HtmlPage
{
    // No form-action directive: browsers apply it to the redirect that follows a form post, and the consent
    // form's answer is a redirect to the upstream provider or the client.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'";

    // The checkbox is enlarged because the browser default (13 px) is a hard target for a thumb on a phone
    // (WCAG 2.2 SC 2.5.8); e2e/pages-check.mjs screenshots every page at phone width.
    private const string Style =
        "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}" +
        "h1{font-size:1.4rem}ul{padding-left:1.2rem}code{background:#f2f2f2;padding:0 .2rem}" +
        ".warn{background:#fff4e5;border:1px solid #f0c36d;padding:.5rem .75rem}.muted{color:#555;font-size:.9rem}" +
        "button{font-size:1rem;padding:.5rem 1.2rem;margin:0 .5rem .5rem 0}input{font-size:1rem;max-width:100%;padding:.3rem .4rem}" +
        "input[type=checkbox]{width:1.25rem;height:1.25rem;margin:0 .4rem 0 0;vertical-align:-.25rem}" +
        "code{overflow-wrap:anywhere}footer{margin-top:2rem;border-top:1px solid #ddd;padding-top:.5rem}";

    public static async Task WriteAsync(HttpContext context, int status, string title, string bodyHtml)
    {
        ArgumentNullException.ThrowIfNull(context);
        ApplySecurityHeaders(context.Response);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var (server, host) = Identify(context);
        var html = $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
                   $"<meta name=\"referrer\" content=\"no-referrer\"><title>{WebUtility.HtmlEncode(title)} – {WebUtility.HtmlEncode(server)}</title><style>{Style}</style></head>" +
                   $"<body><main>{bodyHtml}</main><footer><p class=\"muted\">{WebUtility.HtmlEncode(server)} at <strong>{WebUtility.HtmlEncode(host)}</strong></p></footer></body></html>";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>The server's display name (<see cref="FacadeOptions.ServerName"/>) and the host of its public URL (never the request's Host).</summary>
    public static (string Server, string Host) Identify(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var server = ServerName(context.RequestServices.GetService<IOptions<FacadeOptions>>()?.Value);
        var issuer = context.RequestServices.GetService<FacadeUrls>()?.Issuer;
        var host = Uri.TryCreate(issuer, UriKind.Absolute, out var uri) ? uri.Authority : context.Request.Host.Value ?? string.Empty;
        return (server, host);
    }

    /// <summary>How pages name this server: <see cref="FacadeOptions.ServerName"/>, else "This server".</summary>
    public static string ServerName(FacadeOptions? options) =>
        string.IsNullOrWhiteSpace(options?.ServerName) ? "This server" : options.ServerName;

    public static void ApplySecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
