using System.Net;
using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

/// <summary>
/// DNS-rebinding protection for the MCP endpoint (MCP transports, "Security Warning": servers MUST
/// validate the Origin header). Also decides which origins get CORS headers, so the two never disagree.
/// </summary>
internal sealed class RequestOriginPolicy
{
    private readonly OriginPattern[] _origins;
    private readonly HashSet<string> _hosts;

    public RequestOriginPolicy(IOptions<McpEndpointOptions> options, PublicUrls publicUrls)
    {
        var value = options.Value;
        _origins = [.. value.AllowedOrigins.Select(o => OriginPattern.TryParse(o, out var p) ? p : null).OfType<OriginPattern>()];
        _hosts = new HashSet<string>(value.AllowedHosts, StringComparer.OrdinalIgnoreCase);
        if (publicUrls.BaseUri is { } baseUri)
        {
            _hosts.Add(baseUri.Host);
        }

        // The app's own public origin may call itself from a browser (for example the consent page).
        if (publicUrls.BaseUri is { } self && OriginPattern.TryParse(self.GetLeftPart(UriPartial.Authority), out var selfOrigin))
        {
            _origins = [.. _origins, selfOrigin];
        }
    }

    /// <summary>True for an allowed origin; a malformed or <c>null</c> origin is never allowed.</summary>
    public bool IsOriginAllowed(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        foreach (var pattern in _origins)
        {
            if (pattern.Matches(uri))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Loopback hosts are always accepted: behind the Functions host every request arrives with
    /// <c>Host: 127.0.0.1:&lt;port&gt;</c>, and locally that is the only address Kestrel listens on.
    /// </summary>
    public bool IsHostAllowed(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host;
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))
        {
            return true;
        }

        return _hosts.Contains(name);
    }
}
