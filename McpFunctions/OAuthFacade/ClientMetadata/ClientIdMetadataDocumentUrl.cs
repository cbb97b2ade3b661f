namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>
/// Which client ids are Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document §3; MCP
/// authorization 2025-11-25 "Client ID Metadata Documents"): an https URL with a path, no fragment, no user
/// information and no dot segments. Anything else is an ordinary (registered) client id.
/// </summary>
internal static class ClientIdMetadataDocumentUrl
{
    /// <summary>Whether the client id is written as a URL at all (then it is never looked up as a registration).</summary>
    public static bool LooksLikeUrl(string clientId) =>
        clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The document URL, or null with the rule it breaks.</summary>
    public static Uri? Parse(string clientId, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        problem = null;
        if (clientId.Length > 2000 || !Uri.TryCreate(clientId, UriKind.Absolute, out var uri))
        {
            problem = "the client id is not a valid URL";
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = "a client id URL must use https";
            return null;
        }

        var path = clientId[(clientId.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var pathStart = path.IndexOf('/', StringComparison.Ordinal);
        var rawPath = pathStart < 0 ? string.Empty : path[pathStart..].Split('?', 2)[0];
        if (rawPath.Length <= 1)
        {
            problem = "a client id URL must have a path";
            return null;
        }

        if (clientId.Contains('#', StringComparison.Ordinal))
        {
            problem = "a client id URL must not have a fragment";
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            problem = "a client id URL must not contain user information";
            return null;
        }

        if (rawPath.Split('/').Any(s => s is "." or ".."))
        {
            problem = "a client id URL must not contain dot segments";
            return null;
        }

        return uri;
    }
}
