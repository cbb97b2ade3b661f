using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace McpFunctions.Hosting;

/// <summary>
/// The URLs clients use to reach this app, never from a request's <c>Host</c> (behind the Functions host the worker
/// sees its own loopback address): from configuration (<c>Mcp:PublicBaseUrl</c>), else from <c>WEBSITE_HOSTNAME</c>
/// (set by Azure, and by a local Functions host to its loopback address), else from Kestrel's own address.
/// </summary>
internal sealed class PublicUrls(IOptions<PublicUrlOptions> options, IConfiguration configuration, IServer server)
{
    private Uri? _fromServer;

    /// <summary>The configured public base URL, or null when only the listening address is known.</summary>
    public Uri? BaseUri { get; } = Configured(options.Value, configuration);

    /// <summary>The base URL to publish in metadata: configured, else the local listening address.</summary>
    public Uri ResolveBaseUri()
    {
        if (BaseUri is not null)
        {
            return BaseUri;
        }

        if (_fromServer is null)
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                // Asked before Kestrel has bound (a start-up log): answer, but do not remember a guess.
                return new Uri("http://localhost");
            }

            _fromServer = new Uri(uri.GetLeftPart(UriPartial.Authority));
        }

        return _fromServer;
    }

    private static Uri? Configured(PublicUrlOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return Normalize(new Uri(options.PublicBaseUrl));
        }

        // Azure sets the app's public host name (served over https); a Functions host on this machine (Core Tools, the
        // repository's local host) sets its own loopback address, which is plain http.
        var hostName = configuration[FunctionsHostingEnvironment.WebsiteHostNameVariable]?.Trim();
        if (string.IsNullOrEmpty(hostName))
        {
            return null;
        }

        var scheme = FunctionsHostingEnvironment.IsLoopbackHostName(hostName) ? "http" : "https";
        return Uri.TryCreate($"{scheme}://{hostName}", UriKind.Absolute, out var uri) ? Normalize(uri) : null;
    }

    // RFC 3986 §6.2.2.1: scheme and host are case-insensitive; publish them lowercase so that
    // the resource identifier clients compare byte for byte is stable.
    private static Uri Normalize(Uri uri) => new(uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant());
}
