using McpFunctions.JsonRpc;
using McpFunctions.Mcp;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;

namespace McpFunctions.ResourceServer;

/// <summary>
/// The resource server's rejections (RFC 6750 §3, RFC 9728 §5.1, MCP authorization "Authorization Server
/// Discovery" and "Scope Challenge Handling"), rendered by the transport's single error writer.
/// </summary>
internal static class AuthChallenges
{
    /// <summary>401: no usable token. <paramref name="error"/> is null when none was sent (RFC 6750 §3.1).</summary>
    public static McpHttpError Unauthorized(string metadataUrl, IEnumerable<string> scopes, string? error = null, string? description = null) =>
        new(StatusCodes.Status401Unauthorized,
            new RpcError((int)McpErrorCode.InvalidRequest, description is null ? "Unauthorized: a valid bearer token is required." : $"Unauthorized: {description}"),
            [new(HeaderNames.WWWAuthenticate, Header(metadataUrl, scopes, error, description))]);

    /// <summary>403 <c>insufficient_scope</c> naming every scope the operation needs, so the client can step up.</summary>
    public static McpHttpError InsufficientScope(string metadataUrl, IEnumerable<string> scopes)
    {
        var needed = scopes.ToList();
        var description = $"This operation needs the scope(s): {string.Join(' ', needed)}.";
        return new(StatusCodes.Status403Forbidden,
            new RpcError((int)McpErrorCode.InvalidRequest, $"Forbidden: {description}"),
            [new(HeaderNames.WWWAuthenticate, Header(metadataUrl, needed, "insufficient_scope", description))]);
    }

    private static string Header(string metadataUrl, IEnumerable<string> scopes, string? error, string? description)
    {
        var parts = new List<string> { $"resource_metadata=\"{metadataUrl}\"" };
        var scope = string.Join(' ', scopes);
        if (scope.Length > 0)
        {
            parts.Add($"scope=\"{scope}\"");
        }

        if (error is not null)
        {
            parts.Add($"error=\"{error}\"");
        }

        if (description is not null)
        {
            // RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no quote or backslash).
            parts.Add($"error_description=\"{new string([.. description.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\')])}\"");
        }

        return "Bearer " + string.Join(", ", parts);
    }
}
