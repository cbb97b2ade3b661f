namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Which authorization-server URLs this server may call: https always; plain http only on a loopback
/// address and only when <see cref="AuthOptions.RequireHttpsMetadata"/> is false (a local test IdP).
/// Keys, introspection answers and userinfo answers fetched over plain http could be forged by anyone
/// on the path, which would let them mint accepted tokens.
/// </summary>
internal static class BackchannelUrlPolicy
{
    public static bool IsAllowed(Uri uri, bool requireHttps)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    public static bool IsAllowed(string? address, bool requireHttps) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && IsAllowed(uri, requireHttps);

    /// <summary>The rule in words, for error messages.</summary>
    public static string Requirement(bool requireHttps) => requireHttps
        ? "must be an absolute https URL"
        : "must be an absolute https URL, or http on a loopback address (Auth:RequireHttpsMetadata is false)";
}
