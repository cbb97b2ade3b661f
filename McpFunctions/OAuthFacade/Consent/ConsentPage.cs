using System.Net;
using System.Text;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.OAuthFacade.Consent;

/// <summary>
/// The consent page the façade shows before anything goes upstream: which application asks (its name — and for
/// a Client ID Metadata Document the host that published it, the one part that is verified), where the browser
/// will return (the redirect URI's host), which scopes on which server, and who signs the user in next.
/// </summary>
internal static class ConsentPage
{
    public const string TicketField = "ticket";
    public const string DecisionField = "decision";
    public const string RememberField = "remember";
    public const string Approve = "approve";
    public const string Deny = "deny";

    private static readonly Dictionary<string, string> ScopeDescriptions = new(StringComparer.Ordinal)
    {
        ["mcp:read"] = "See this server's tools, resources and prompts",
        ["mcp:execute"] = "Run this server's tools for you",
    };

    public static Task WriteAsync(
        HttpContext context, OAuthClientRecord client, string redirectUri, IReadOnlyList<string> scopes, string resource, string serverName, string upstreamName, string ticket)
    {
        var name = Encode(string.IsNullOrWhiteSpace(client.ClientName) ? "An unnamed application" : client.ClientName);
        var body = new StringBuilder();
        body.Append("<h1>").Append(name).Append(" wants to use ").Append(Encode(serverName)).Append(" as you</h1>");

        if (client.Kind == ClientRegistrationKind.MetadataDocument && Uri.TryCreate(client.ClientId, UriKind.Absolute, out var document))
        {
            body.Append("<p>The application is described by <strong>").Append(Encode(document.Host)).Append("</strong> (<code>")
                .Append(Encode(client.ClientId)).Append("</code>).</p>");
        }
        else
        {
            body.Append("<p class=\"warn\">This name was chosen by the application itself when it registered; it is not verified. ")
                .Append("Continue only if you started connecting ").Append(name).Append(" just now.</p>");
        }

        body.Append("<p>After you approve and sign in, your browser returns to <strong>").Append(Encode(ReturnHost(redirectUri))).Append("</strong>")
            .Append(" (<code>").Append(Encode(redirectUri)).Append("</code>).</p>");

        body.Append("<p>It will be able to:</p><ul>");
        foreach (var scope in scopes)
        {
            body.Append("<li>").Append(Encode(ScopeDescriptions.GetValueOrDefault(scope, scope))).Append(" <code>").Append(Encode(scope)).Append("</code></li>");
        }

        body.Append("</ul><p class=\"muted\">on <code>").Append(Encode(resource)).Append("</code>. You will sign in at ")
            .Append(Encode(upstreamName)).Append(".</p>");

        body.Append("<form method=\"post\" action=\"").Append(OAuthConstants.Paths.Consent).Append("\" data-form=\"consent\">")
            .Append("<input type=\"hidden\" name=\"").Append(TicketField).Append("\" value=\"").Append(Encode(ticket)).Append("\">")
            .Append("<p><label><input type=\"checkbox\" name=\"").Append(RememberField).Append("\" value=\"1\"> Remember this decision for this application</label></p>")
            .Append("<button type=\"submit\" name=\"").Append(DecisionField).Append("\" value=\"").Append(Approve).Append("\">Approve</button>")
            .Append("<button type=\"submit\" name=\"").Append(DecisionField).Append("\" value=\"").Append(Deny).Append("\">Deny</button>")
            .Append("</form>");

        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Approve access", body.ToString());
    }

    // Loopback redirects go to an application on this computer (Claude Code, VS Code, MCP Inspector).
    private static string ReturnHost(string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
        {
            return redirectUri;
        }

        if (RedirectUriPolicy.IsLoopbackHost(uri))
        {
            return $"an application on this computer ({uri.Authority})";
        }

        return string.IsNullOrEmpty(uri.Host) ? uri.Scheme + ":" : uri.Host;
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
