using System.Text.Json.Nodes;
using McpFunctions.JsonRpc;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The checks a 2026-07-28 request must pass before it is served, in the revision's order: version header
/// present and equal to the body's (-32020) before the version is judged supported (-32022), so a mismatch
/// is reported as a mismatch; then the required <c>_meta</c> fields (-32602), then <c>Mcp-Method</c> and
/// <c>Mcp-Name</c> (-32020). Every failure is HTTP 400 (2026-07-28 transports, "Standard Headers").
/// </summary>
internal static class ModernRequestRules
{
    /// <summary>Methods whose target travels in <c>Mcp-Name</c>, and the params member it must equal.</summary>
    private static readonly Dictionary<string, string> NamedMethods = new(StringComparer.Ordinal)
    {
        [RequestMethods.ToolsCall] = "name",
        [RequestMethods.PromptsGet] = "name",
        [RequestMethods.ResourcesRead] = "uri",
    };

    /// <summary>
    /// Methods this revision removed (2026-07-28 changelog); a modern request for one is 404 with -32601,
    /// the same as an unknown method.
    /// </summary>
    public static readonly IReadOnlySet<string> RemovedMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        RequestMethods.Initialize,
        NotificationMethods.InitializedNotification,
        RequestMethods.Ping,
        RequestMethods.LoggingSetLevel,
        RequestMethods.ResourcesSubscribe,
        RequestMethods.ResourcesUnsubscribe,
        NotificationMethods.RootsListChangedNotification,
        NotificationMethods.ElicitationCompleteNotification,
    };

    /// <summary>
    /// Checks <paramref name="message"/> and says at which revision it is served: the header's, or — when
    /// <paramref name="tolerant"/> and the body's <c>_meta</c> names a modern revision while the header names another
    /// protocol version — the body's (anthropics/claude-code#93290: Claude sends a 2025-11-25 header with a
    /// 2026-07-28 body). A header that is not a protocol version at all is still a mismatch.
    /// </summary>
    public static McpHttpError? Validate(HttpRequest request, IncomingMessage message, string? headerVersion, RequestMeta meta, bool tolerant, out string version)
    {
        return ResolveVersion(headerVersion, meta, tolerant, out version)
            ?? RequireRequestMeta(message, meta, version)
            ?? MatchMethodHeaders(request, message);
    }

    // The revision the request is served at: the header's, or the body's when tolerant (see Validate).
    private static McpHttpError? ResolveVersion(string? headerVersion, RequestMeta meta, bool tolerant, out string version)
    {
        version = headerVersion ?? string.Empty;
        if (headerVersion is null)
        {
            return McpHttpError.HeaderMismatch("the MCP-Protocol-Version header is required when the body declares a per-request protocol version.");
        }

        if (meta.ProtocolVersion is { } bodyVersion && bodyVersion != headerVersion)
        {
            var bodyWins = tolerant
                && ProtocolVersions.LooksModern(bodyVersion) && ProtocolVersions.IsKnownOrNewer(bodyVersion)
                && ProtocolVersions.IsKnownOrNewer(headerVersion);
            if (!bodyWins)
            {
                return McpHttpError.HeaderMismatch($"MCP-Protocol-Version header value '{headerVersion}' does not match body value '{bodyVersion}'.");
            }

            version = bodyVersion;
        }

        return ProtocolVersions.IsModernSupported(version) ? null : McpHttpError.UnsupportedModernVersion(version, ProtocolVersions.Modern);
    }

    // A request (not a notification or response) carries its revision and client capabilities in _meta.
    private static McpHttpError? RequireRequestMeta(IncomingMessage message, RequestMeta meta, string version)
    {
        if (message.Kind != IncomingMessageKind.Request)
        {
            return null;
        }

        if (meta.ProtocolVersion is null)
        {
            return McpHttpError.InvalidParams($"Requests using protocol version '{version}' must include '_meta/io.modelcontextprotocol/protocolVersion'.");
        }

        return meta.ClientCapabilities is JsonObject
            ? null
            : McpHttpError.InvalidParams($"Requests using protocol version '{version}' must include '_meta/io.modelcontextprotocol/clientCapabilities' as a JSON object.");
    }

    // Mcp-Method always, and Mcp-Name for the methods that name a tool, prompt or resource, must repeat the body.
    private static McpHttpError? MatchMethodHeaders(HttpRequest request, IncomingMessage message)
    {
        if (message.Method is null)
        {
            return null;
        }

        var methodHeader = SingleHeader(request, McpHeaders.Method);
        if (methodHeader is null)
        {
            return McpHttpError.HeaderMismatch("missing required Mcp-Method header.");
        }

        // Header values are compared case-sensitively: "TOOLS/LIST" is not "tools/list".
        if (methodHeader.Trim() != message.Method)
        {
            return McpHttpError.HeaderMismatch($"Mcp-Method header value '{methodHeader.Trim()}' does not match body value '{message.Method}'.");
        }

        return NamedMethods.TryGetValue(message.Method, out var member) ? MatchNameHeader(request, message, member) : null;
    }

    private static McpHttpError? MatchNameHeader(HttpRequest request, IncomingMessage message, string member)
    {
        var bodyName = message.Params?[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var nameHeader = SingleHeader(request, McpHeaders.Name);
        if (nameHeader is null)
        {
            return McpHttpError.HeaderMismatch("missing required Mcp-Name header.");
        }

        var decoded = McpHeaderValue.Decode(nameHeader);
        if (decoded is null)
        {
            return McpHttpError.HeaderMismatch("Mcp-Name header contains invalid Base64 encoding.");
        }

        return decoded == bodyName
            ? null
            : McpHttpError.HeaderMismatch($"Mcp-Name header value '{decoded}' does not match body value '{bodyName}'.");
    }

    private static string? SingleHeader(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 1 ? values[0] : null;
    }
}
