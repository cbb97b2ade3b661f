using McpFunctions.ResourceServer;
using Microsoft.Extensions.Primitives;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// RFC 8707 resource indicators: a token is bound to exactly one of this server's canonical resources
/// (MCP authorization, "Resource Parameter Implementation"). Anything else is <c>invalid_target</c> — the façade
/// never issues tokens for another server.
/// </summary>
internal sealed class ResourceIndicators(ProtectedResourceUris resourceUris)
{
    /// <summary>The resource a request without <c>resource</c> gets: the first MCP path's (by default <c>/mcp</c>).</summary>
    public string Default => resourceUris.Resources.First();

    /// <summary>The canonical resource for what the client sent, or null with the reason.</summary>
    public string? Resolve(StringValues presented, out OAuthError? error)
    {
        error = null;
        if (StringValues.IsNullOrEmpty(presented))
        {
            return Default;
        }

        if (presented.Count > 1)
        {
            error = OAuthError.InvalidTarget("Request a token for one resource at a time.");
            return null;
        }

        // Some clients send the root resource as "https://host/" (URL.href); the canonical form has no trailing slash.
        var value = presented[0]!;
        var match = resourceUris.Resources.FirstOrDefault(r => r == value || r + "/" == value);
        if (match is null)
        {
            error = OAuthError.InvalidTarget($"The resource {value} is not served by this authorization server.");
        }

        return match;
    }
}
