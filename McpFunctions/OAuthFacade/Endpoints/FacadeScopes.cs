using McpFunctions.ResourceServer;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The scopes the façade grants: this server's own (<c>Auth:Scopes</c>, default <c>mcp:read mcp:execute</c>).
/// Clients ask for others — Claude.ai registers <c>scope: "claudeai"</c>, SDK clients <c>mcp:tools</c> — and
/// those are ignored, never an error, or the real clients could not connect.
/// </summary>
internal sealed class FacadeScopes(IOptions<AuthOptions> options)
{
    public IReadOnlyList<string> Server
    {
        get
        {
            var configured = options.Value.Scopes.Count > 0 ? options.Value.Scopes : [.. AuthOptions.DefaultScopes];
            return [.. configured.Where(s => s != "offline_access").Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>RFC 6749 §3.3: space-delimited scope tokens; null for an absent or empty parameter.</summary>
    public static IReadOnlyList<string>? Parse(string? scope) =>
        string.IsNullOrWhiteSpace(scope) ? null : [.. scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>RFC 6749 §3.3 <c>scope-token = 1*NQCHAR</c> (%x21 / %x23-5B / %x5D-7E) separated by single spaces.</summary>
    public static bool IsWellFormed(string scope) =>
        scope.Length <= 1024 && scope.All(c => c == ' ' || (c >= 0x21 && c <= 0x7E && c != '"' && c != '\\'));

    /// <summary>What an authorization request is granted: the requested server scopes; none of them → all of them.</summary>
    public IReadOnlyList<string> Grant(IReadOnlyList<string>? requested)
    {
        var server = Server;
        var granted = requested?.Where(s => server.Contains(s, StringComparer.Ordinal)).ToList() ?? [];
        return granted.Count > 0 ? [.. server.Where(granted.Contains)] : server;
    }

    /// <summary>Scope as written in token responses: space-delimited, in the server's order.</summary>
    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
