using System.Text.Json;
using McpFunctions.JsonRpc;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The 2026-07-28 era: no handshake and no session. Each request carries its version and client capabilities
/// in <c>_meta</c>, so any instance answers it with no storage read; <c>Mcp-Session-Id</c> is ignored — never
/// looked up, minted or echoed. Order after intake: no batch (400) → <see cref="ModernRequestRules"/> (400) →
/// access decision (<see cref="McpAccessPolicy"/>): token and scopes (401/403/503; this era never needs a session) → notification 202 → removed or unknown method 404 → dispatch.
/// </summary>
internal sealed partial class ModernRequestHandler(
    McpMethodDispatcher dispatcher,
    McpAccessPolicy policy,
    McpTokenCheck tokenCheck,
    ProtocolVersionTolerance tolerance,
    ILogger<ModernRequestHandler> logger)
{
    public async Task HandleAsync(IncomingRequest request)
    {
        var context = request.Context;
        var cancellationToken = context.RequestAborted;

        // JSON-RPC batching left MCP in 2025-06-18.
        if (request.Single is not { } message)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.InvalidRequest("Invalid request: JSON-RPC batches are not supported in protocol version 2026-07-28."));
            return;
        }

        var meta = RequestMeta.Read(message.Params);
        if (ModernRequestRules.Validate(context.Request, message, request.ProtocolVersionHeader, meta, tolerance.IsTolerant, out var version) is { } invalid)
        {
            Log.Rejected(logger, message.Method ?? "response", invalid.Error.Message);
            await McpErrorWriter.WriteAsync(context, invalid, message.Id);
            return;
        }

        if (version != request.ProtocolVersionHeader)
        {
            tolerance.BodyVersionTolerated(meta.ClientInfo?.Name, request.ProtocolVersionHeader!, version);
        }

        // Access decided once for the body; this era has no sessions, so the token and its scopes are all it can need.
        var access = policy.ForBody(request.Body, McpEra.Modern);
        var (_, authError) = await tokenCheck.EnforceAsync(context, access, cancellationToken);
        if (authError is not null)
        {
            await McpErrorWriter.WriteAsync(context, authError, message.Id);
            return;
        }

        if (message.Kind != IncomingMessageKind.Request)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        Log.Request(logger, message.Method!, message.Id?.ToString() ?? "none", version);
        if (ModernRequestRules.RemovedMethods.Contains(message.Method!))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.MethodNotFound(message.Method!, version), message.Id);
            return;
        }

        var response = new McpResponseStream(context, ContentNegotiation.AcceptsEventStream(context.Request));
        var outcome = await dispatcher.DispatchAsync(CallContext(context, version, meta, response), message, access.ToolAt(0), cancellationToken);
        await response.CompleteAsync([outcome], isBatch: false, StatusFor(outcome.Error));
    }

    /// <summary>What a method handler knows of a modern request: everything comes from the request itself.</summary>
    private static McpCallContext CallContext(HttpContext context, string version, RequestMeta meta, McpResponseStream response) => new()
    {
        Era = McpEra.Modern,
        ProtocolVersion = version,
        HttpContext = context,
        ClientInfo = meta.ClientInfo,
        ClientCapabilities = DeserializeCapabilities(meta.ClientCapabilities),
        LogLevel = meta.LogLevel,
        Notifications = response,
    };

    /// <summary>2026-07-28 transports: protocol errors carry HTTP meaning in this revision.</summary>
    private static int StatusFor(RpcError? error) => error?.Code switch
    {
        null => StatusCodes.Status200OK,
        (int)McpErrorCode.MethodNotFound => StatusCodes.Status404NotFound,
        (int)McpErrorCode.HeaderMismatch or (int)McpErrorCode.MissingRequiredClientCapability or (int)McpErrorCode.UnsupportedProtocolVersion => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status200OK,
    };

    private static ClientCapabilities? DeserializeCapabilities(System.Text.Json.Nodes.JsonNode? node)
    {
        try
        {
            return node?.Deserialize(McpJson.ClientCapabilities);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "MCP request: method={Method}, id={Id} (stateless, protocol {Version})")]
        public static partial void Request(ILogger logger, string method, string id, string version);

        [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Rejected {Method}: {Reason}")]
        public static partial void Rejected(ILogger logger, string method, string reason);
    }
}
