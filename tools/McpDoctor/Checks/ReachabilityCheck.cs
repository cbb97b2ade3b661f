using System.Net;
using System.Net.Sockets;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpDoctor.Checks;

/// <summary>
/// Can Claude reach the URL at all: https, a public IPv4 address (Claude's hosted connectors connect over IPv4 and
/// refuse private addresses; loopback is accepted for a local run), valid TLS, and the HEAD probe Claude sends first
/// (first seed: HEAD → 200 with MCP-Protocol-Version).
/// </summary>
internal sealed class ReachabilityCheck : IDoctorCheck
{
    private const Clients Hosted = Clients.ClaudeAi | Clients.ChatGpt;

    public async Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var url = context.Endpoint;
        var addresses = await ResolveAsync(url, context.Http.Limits.RequestTimeout, cancellationToken);
        var loopback = addresses.Length > 0 && addresses.All(IPAddress.IsLoopback);

        if (url.Scheme == Uri.UriSchemeHttps)
        {
            context.Pass(Stage.Reachability, "reach.https", "https");
        }
        else if (loopback)
        {
            context.Pass(Stage.Reachability, "reach.https", "http on loopback (accepted for a local run; deploy behind https)");
        }
        else
        {
            context.Fail(Stage.Reachability, "reach.https", $"{url.Scheme}:// on a non-loopback host",
                "Claude refuses to add the connector (\"URL must use https\").", "Serve the endpoint over https with a publicly trusted certificate.", Hosted);
        }

        if (addresses.Length == 0)
        {
            context.Fail(Stage.Reachability, "reach.address", $"{url.Host} does not resolve",
                "Claude shows \"couldn't reach the MCP server\".", "Publish a DNS A record for the host.");
        }
        else if (loopback)
        {
            context.Pass(Stage.Reachability, "reach.address", "loopback (local run; hosted clients cannot reach it)");
        }
        else if (addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork && IsPublic(a)))
        {
            context.Pass(Stage.Reachability, "reach.address", "public IPv4 " + string.Join(", ", addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork && IsPublic(a))));
        }
        else if (addresses.All(a => a.AddressFamily == AddressFamily.InterNetworkV6))
        {
            context.Fail(Stage.Reachability, "reach.address", "IPv6 only: " + string.Join(", ", addresses.Take(3)),
                "Claude.ai's connector cannot connect (it reaches servers over IPv4 only).", "Add an A record with a public IPv4 address.", Hosted);
        }
        else
        {
            context.Fail(Stage.Reachability, "reach.address", "private address " + string.Join(", ", addresses.Take(3)),
                "Claude.ai and ChatGPT refuse to connect to private addresses; only local clients can use it.",
                "Expose the endpoint on a public IPv4 address (a tunnel is fine for testing).", Hosted);
        }

        var head = await context.SendAsync(new ProbeRequest(HttpMethod.Head, url).WithHeader(McpWire.ProtocolVersionHeader, McpWire.ClaudeLegacyVersion), cancellationToken);
        if (!head.Ok)
        {
            context.Unreachable = head.Error;
            context.Fail(Stage.Reachability, "reach.connect", head.Error!,
                "Claude shows \"couldn't reach the MCP server\" and the Configure button stays.", FixFor(head.Error!));
            return;
        }

        context.Pass(Stage.Reachability, "reach.connect", url.Scheme == Uri.UriSchemeHttps ? "connected, TLS certificate valid" : "connected");
        var version = head.Header(McpWire.ProtocolVersionHeader);
        if (head.Status == 200 && version is not null)
        {
            context.Pass(Stage.Reachability, "reach.head", $"HEAD → 200, MCP-Protocol-Version: {version}");
        }
        else
        {
            context.Warn(Stage.Reachability, "reach.head", $"HEAD → {head.Status}" + (version is null ? ", no MCP-Protocol-Version" : ""),
                "Claude's first probe is answered oddly; some clients then fall back to the older SSE transport.",
                "Answer HEAD on the endpoint with 200 and an MCP-Protocol-Version header.", Clients.ClaudeAi);
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            return await Dns.GetHostAddressesAsync(url.IdnHost, bounded.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    private static bool IsPublic(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return !(IPAddress.IsLoopback(address) || b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
    }

    private static string FixFor(string error) =>
        error.Contains("TLS", StringComparison.Ordinal) ? "Install a certificate from a public CA that names this host, with its full chain."
        : error.Contains("redirect", StringComparison.Ordinal) ? "Serve the endpoint at the URL itself; do not redirect it (clients do not follow redirects on POST)."
        : error.Contains("within", StringComparison.Ordinal) ? "Make the endpoint answer promptly (Claude gives up on slow probes); check the app is running."
        : "Check the URL, that the app is running and that a firewall lets Claude in.";
}
