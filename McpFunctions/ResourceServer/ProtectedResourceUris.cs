using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// This server's resource identifiers (RFC 8707 / RFC 9728): one canonical URL per MCP path, e.g.
/// <c>https://host/mcp</c>, and <c>https://host</c> for the root path the first seed posts to — absolute,
/// lowercase scheme and host, no trailing slash (MCP authorization, "Canonical Server URI").
/// </summary>
internal sealed class ProtectedResourceUris(PublicUrls publicUrls, IOptions<ProtectedResourceOptions> resourceOptions, IOptions<AuthOptions> authOptions)
{
    public const string WellKnownPath = "/.well-known/oauth-protected-resource";

    /// <summary>The canonical resource URL for an MCP path.</summary>
    public string ResourceFor(string mcpPath)
    {
        var baseUri = publicUrls.ResolveBaseUri().GetLeftPart(UriPartial.Authority);
        return mcpPath is "/" or "" ? baseUri : baseUri + mcpPath.TrimEnd('/');
    }

    /// <summary>RFC 9728 §3.1: the metadata URL inserts the well-known segment before the resource's path.</summary>
    public string MetadataUrlFor(string mcpPath)
    {
        var baseUri = publicUrls.ResolveBaseUri().GetLeftPart(UriPartial.Authority);
        return mcpPath is "/" or "" ? baseUri + WellKnownPath : baseUri + WellKnownPath + mcpPath.TrimEnd('/');
    }

    /// <summary>Every canonical resource of this server.</summary>
    public IEnumerable<string> Resources => resourceOptions.Value.Paths.Select(ResourceFor).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Audiences a token may carry to be accepted here: each canonical resource, its trailing-slash variant
    /// (some authorization servers normalize to it), and configured extras such as an Entra <c>api://</c> id.
    /// </summary>
    public IReadOnlyCollection<string> AcceptedAudiences()
    {
        var audiences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in Resources)
        {
            audiences.Add(resource);
            audiences.Add(resource + "/");
        }

        foreach (var extra in authOptions.Value.Audiences)
        {
            audiences.Add(extra);
        }

        return audiences;
    }
}
