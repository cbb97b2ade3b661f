using McpFunctions.JsonRpc;
using McpFunctions.ResourceServer;
using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

/// <summary>
/// The Streamable HTTP transport (MCP basic/transports) on one endpoint, for both protocol eras. POST runs
/// the intake checks below, decides the era (DESIGN.md §2), and hands over to <see cref="LegacyRequestHandler"/>
/// or <see cref="ModernRequestHandler"/>. GET is refused with 405 (POST-only server), DELETE ends a legacy
/// session, HEAD answers the first seed's protocol probe. Intake order, each rejection through
/// <see cref="McpErrorWriter"/>: Origin/Host (guard) → Content-Type (415) → Accept (406) → size (413) →
/// JSON (-32700) → JSON-RPC shape (-32600) → era.
/// </summary>
internal sealed class StreamableHttpHandler(
    LegacyRequestHandler legacy,
    ModernRequestHandler modern,
    ProtocolVersionTolerance tolerance,
    IOptions<McpEndpointOptions> options)
{
    /// <summary>The methods this endpoint serves, for <c>Allow</c> on 405.</summary>
    public const string AllowedMethods = "POST, DELETE, HEAD, OPTIONS";

    private readonly McpEndpointOptions _options = options.Value;

    public async Task HandlePostAsync(HttpContext context)
    {
        var request = context.Request;
        if (!ContentNegotiation.IsJsonContentType(request))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.UnsupportedMediaType());
            return;
        }

        if (!ContentNegotiation.AcceptsJson(request))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.NotAcceptable());
            return;
        }

        var body = await RequestBodyReader.ReadAsync(request, _options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.PayloadTooLarge(_options.MaxRequestBodyBytes));
            return;
        }

        var parsed = JsonRpcParser.Parse(body.Value);
        if (parsed.Error is { } bodyError)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.From(bodyError));
            return;
        }

        var incoming = new IncomingRequest(context, parsed, SingleHeader(request, McpHeaders.ProtocolVersion));
        context.Features.Set(new McpRequestIdFeature(incoming.Single?.Id));
        if (incoming.Single is { Kind: IncomingMessageKind.Invalid } invalid)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.From(invalid.Error!), invalid.Id);
            return;
        }

        if (IsModern(incoming, tolerance.IsTolerant))
        {
            await modern.HandleAsync(incoming);
        }
        else
        {
            await legacy.HandleAsync(incoming);
        }
    }

    /// <summary>GET would open a server-to-client SSE stream; this server is POST-only in both eras (never 501).</summary>
    public static Task HandleGetAsync(HttpContext context) =>
        McpErrorWriter.WriteAsync(context, McpHttpError.MethodNotAllowed(AllowedMethods));

    /// <summary>First seed, step 1.1: Claude's discovery client probes with HEAD and expects 200 and the version.</summary>
    public static Task HandleHeadAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        var requested = SingleHeader(context.Request, McpHeaders.ProtocolVersion);
        context.Response.Headers[McpHeaders.ProtocolVersion] = requested is not null && (ProtocolVersions.IsLegacy(requested) || ProtocolVersions.IsModernSupported(requested))
            ? requested
            : ProtocolVersions.LatestLegacy;
        return Task.CompletedTask;
    }

    /// <summary>
    /// DELETE ends a legacy session; 2026-07-28 has no sessions, so a modern DELETE is 405. Tolerant: a DELETE naming
    /// a session is the legacy one whatever the header says (the client that sends 2026-07-28 on every request of its
    /// session sends it here too).
    /// </summary>
    public Task HandleDeleteAsync(HttpContext context) =>
        ProtocolVersions.LooksModern(SingleHeader(context.Request, McpHeaders.ProtocolVersion))
            && !(tolerance.IsTolerant && context.Request.Headers.ContainsKey(McpHeaders.SessionId))
            ? McpErrorWriter.WriteAsync(context, McpHttpError.MethodNotAllowed(AllowedMethods))
            : legacy.HandleDeleteAsync(context);

    /// <summary>
    /// 2026-07-28 basic/versioning: a request carrying modern per-request <c>_meta</c> (or a modern version header)
    /// is served statelessly; an initialize, or anything else, keeps legacy semantics. Decided per request,
    /// as the official C# SDK does in its StatefulForInitializeClients mode. Tolerant (DESIGN.md §2): a request that
    /// names a session and declares no version in its body is legacy even under a modern header — Claude keeps
    /// its session and sends 2026-07-28 on every request (CodeWithCJ/SparkyFitness#2155); the session then decides.
    /// </summary>
    private static bool IsModern(IncomingRequest request, bool tolerant)
    {
        if (request.Body.Messages.Any(m => m.Method != ModelContextProtocol.Protocol.RequestMethods.Initialize && RequestMeta.DeclaresVersion(m.Params)))
        {
            return true;
        }

        if (!ProtocolVersions.LooksModern(request.ProtocolVersionHeader))
        {
            return false;
        }

        var namesSession = request.Context.Request.Headers.ContainsKey(McpHeaders.SessionId);
        var isInitialize = request.Body.Messages.Any(m => m.Method == ModelContextProtocol.Protocol.RequestMethods.Initialize);
        return !(tolerant && namesSession && !isInitialize);
    }

    private static string? SingleHeader(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => string.Join(",", values.ToArray()),
        };
    }
}
