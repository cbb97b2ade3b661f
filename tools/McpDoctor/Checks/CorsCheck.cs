using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpDoctor.Checks;

/// <summary>
/// Browser-based clients (MCP Inspector in a browser, web connectors) need a CORS preflight from https://claude.ai to
/// succeed and the session id and challenge exposed (Claude troubleshooting guide, "CORS"; Fetch standard
/// "CORS-safelisted response-header name": anything else is invisible to the page unless exposed).
/// </summary>
internal sealed class CorsCheck : IDoctorCheck
{
    public const string Origin = "https://claude.ai";
    private const string RequestHeaders = "authorization,content-type,mcp-protocol-version,mcp-session-id";

    public async Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Unreachable is not null)
        {
            context.Skip(Stage.Cors, "cors.preflight", "endpoint unreachable");
            return;
        }

        var preflight = await context.SendAsync(new ProbeRequest(HttpMethod.Options, context.Endpoint) { FollowRedirects = false }
            .WithHeader("Origin", Origin).WithHeader("Access-Control-Request-Method", "POST").WithHeader("Access-Control-Request-Headers", RequestHeaders), cancellationToken);
        var allowOrigin = preflight.Header("Access-Control-Allow-Origin");
        var allowHeaders = (preflight.Header("Access-Control-Allow-Headers") ?? "").ToLowerInvariant();
        var missingHeaders = allowHeaders.Trim() == "*" ? [] : RequestHeaders.Split(',').Where(h => !allowHeaders.Split(',').Select(x => x.Trim()).Contains(h)).ToList();
        if (preflight.Ok && preflight.Status is >= 200 and < 300 && (allowOrigin == Origin || allowOrigin == "*") && missingHeaders.Count == 0)
        {
            context.Pass(Stage.Cors, "cors.preflight", $"{preflight.Status}, Access-Control-Allow-Origin: {allowOrigin}", Clients.ClaudeAi);
        }
        else
        {
            context.Warn(Stage.Cors, "cors.preflight",
                $"{preflight.Describe()}, Access-Control-Allow-Origin: {allowOrigin ?? "(none)"}" + (missingHeaders.Count > 0 ? ", headers not allowed: " + string.Join(", ", missingHeaders) : ""),
                "Browser-based clients (MCP Inspector, web connectors) fail with a CORS error before any request.",
                $"Answer OPTIONS from {Origin} with 2xx, Access-Control-Allow-Origin and Access-Control-Allow-Headers covering {RequestHeaders}.", Clients.ClaudeAi);
        }

        var request = McpWire.Post(context.Endpoint, McpWire.Initialize(), version: McpWire.ClaudeLegacyVersion).WithHeader("Origin", Origin);
        var answer = await context.SendAsync(request, cancellationToken);
        var exposed = (answer.Header("Access-Control-Expose-Headers") ?? "").Split(',').Select(h => h.Trim()).ToList();
        var needed = new List<string>();
        if (answer.Status == 401 || answer.Header(McpWire.SessionIdHeader) is not null)
        {
            needed.Add(McpWire.SessionIdHeader);
        }

        if (answer.Status == 401)
        {
            needed.Add("WWW-Authenticate");
        }

        var missing = exposed.Contains("*") ? [] : needed.Where(n => !exposed.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (!answer.Ok)
        {
            context.Skip(Stage.Cors, "cors.expose", answer.Error!);
        }
        else if (missing.Count == 0)
        {
            context.Pass(Stage.Cors, "cors.expose", needed.Count == 0 ? "nothing to expose (no session id)" : "exposed: " + string.Join(", ", needed), Clients.ClaudeAi);
        }
        else
        {
            context.Warn(Stage.Cors, "cors.expose", $"Access-Control-Expose-Headers: {(exposed.All(e => e.Length == 0) ? "(none)" : string.Join(", ", exposed))}; missing {string.Join(", ", missing)}",
                "A browser-based client cannot read the session id (every request after initialize is 400) or the sign-in challenge.",
                $"Add {string.Join(" and ", missing)} to Access-Control-Expose-Headers.", Clients.ClaudeAi);
        }
    }
}
