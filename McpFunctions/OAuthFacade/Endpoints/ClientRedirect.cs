using System.Text;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Builds and sends redirects to a client's (already validated) redirect URI.</summary>
internal static class ClientRedirect
{
    /// <summary>
    /// Appends parameters to the redirect URI's query, keeping any query it already has (RFC 6749 §3.1.2:
    /// the registered query component MUST be retained). Null values are left out.
    /// </summary>
    public static string Build(string redirectUri, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder(redirectUri);
        var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>302 after a GET, 303 after a form POST (so the browser follows with GET).</summary>
    public static void Send(HttpContext context, string location, int status = StatusCodes.Status302Found)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
        // The URL carries a code or the client's state: keep it out of Referer headers further on.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
