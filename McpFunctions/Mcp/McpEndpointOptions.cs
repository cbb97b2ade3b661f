namespace McpFunctions.Mcp;

/// <summary>Settings of the Streamable HTTP endpoint (configuration section <c>Mcp</c>).</summary>
internal sealed class McpEndpointOptions
{
    public const string SectionName = "Mcp";

    /// <summary>
    /// Paths the endpoint answers on. Default <c>/mcp</c> and <c>/</c>: the first seed's Claude.ai
    /// connector posts to <c>/</c>, most clients are configured with <c>/mcp</c>.
    /// </summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>
    /// The public base URL clients use (scheme and host, no path), e.g. <c>https://my-app.azurewebsites.net</c>.
    /// When empty, <c>https://$WEBSITE_HOSTNAME</c> on Azure, else the local listening address.
    /// Never taken from a request's <c>Host</c>: behind the Functions host every request arrives as
    /// <c>127.0.0.1:&lt;port&gt;</c>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Largest accepted POST body in bytes (default 1 MiB); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A legacy session unused for this long is gone (default 24 h).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How stale a session's last-seen time may get before a request refreshes it (default 5 min).
    /// Refreshing on every request would double the storage cost of each call.
    /// </summary>
    public TimeSpan SessionTouchInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Browser origins allowed to call the endpoint (exact, or <c>http://localhost:*</c> for any port).
    /// A request with another <c>Origin</c> gets 403 (MCP transports: servers MUST validate Origin to
    /// prevent DNS rebinding). Requests without <c>Origin</c> (server-side clients) are not affected.
    /// Default: the Claude web origins and loopback.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Extra <c>Host</c> values accepted besides loopback and the public base URL's host.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The <c>serverInfo.name</c> clients show.</summary>
    public string ServerName { get; set; } = "mcp-functions";

    /// <summary>The <c>serverInfo.title</c> clients show.</summary>
    public string ServerTitle { get; set; } = "McpFunctions";

    /// <summary>
    /// <c>Tolerant</c> (default) serves a request whose <c>MCP-Protocol-Version</c> header disagrees with its session
    /// or with the body's <c>_meta</c> version, on the more specific of the two, and logs it once; <c>Strict</c> answers 400
    /// as the spec says. Claude's clients send such headers today, so Strict breaks them (README, "Client compatibility").
    /// </summary>
    public ProtocolVersionHeaderMode ProtocolVersionHeaders { get; set; } = ProtocolVersionHeaderMode.Tolerant;

    /// <summary>Optional <c>instructions</c> returned by initialize.</summary>
    public string? Instructions { get; set; }

    internal static readonly string[] DefaultPaths = ["/mcp", "/"];

    /// <summary>A path as the endpoint compares paths: without trailing slashes, the root as <c>/</c>.</summary>
    internal static string NormalizePath(string? path) => path?.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";

    internal static readonly string[] DefaultAllowedOrigins =
    [
        "https://claude.ai",
        "https://claude.com",
        "http://localhost:*",
        "http://127.0.0.1:*",
        "http://[::1]:*",
    ];
}
