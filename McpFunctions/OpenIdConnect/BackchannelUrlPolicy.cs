namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Which identity-provider URLs this server may call: https always; plain http only on a loopback address and only
/// when the caller's <c>RequireHttpsMetadata</c> setting is false (a local test IdP). Keys, introspection answers,
/// token responses and userinfo answers fetched over plain http could be forged by anyone on the path, which would
/// let them mint accepted tokens or sign in as anyone.
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

    /// <summary>The rule in words, for error messages; <paramref name="requireHttpsSetting"/> names the switch that relaxed it.</summary>
    public static string Requirement(bool requireHttps, string requireHttpsSetting) => requireHttps
        ? "must be an absolute https URL"
        : $"must be an absolute https URL, or http on a loopback address ({requireHttpsSetting} is false)";
}
