using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Mcp;

/// <summary>
/// The SDK's <see cref="McpServer"/> as seen by one tool invocation. SDK tools take an McpServer to report
/// progress, log, or ask the client something; here it lives for a single HTTP request, because any
/// instance may serve the next one. Notifications go to the request's response stream when it has one;
/// server-to-client requests (sampling, elicitation) cannot be answered within one POST and are refused.
/// </summary>
// Subclassing McpServer is marked experimental (MCPEXP002) in SDK 2.3; it is the seam SDK tools expect.
#pragma warning disable MCPEXP002
internal sealed class RequestScopedMcpServer(
    McpServerOptions serverOptions,
    IServiceProvider services,
    McpCallContext call) : McpServer
{
    public override ClientCapabilities? ClientCapabilities => call.ClientCapabilities;

    public override Implementation? ClientInfo => call.ClientInfo;

    public override McpServerOptions ServerOptions => serverOptions;

    public override IServiceProvider? Services => services;

    // Logging is deprecated by 2026-07-28 (SEP-2577) but still part of every revision served here: the level
    // comes from the session (legacy logging/setLevel) or the request's _meta (modern). Null means the client
    // asked for no log messages, and the SDK's client logger then sends none.
    [Obsolete("Logging is deprecated as of protocol 2026-07-28.")]
    public override LoggingLevel? LoggingLevel => ParseLevel(call.LogLevel);

    public override string? SessionId => call.Session?.Id;

    /// <summary>
    /// Multi round-trip requests (2026-07-28, SEP-2322) need no server state, so they work on any instance;
    /// tools check this before throwing <c>InputRequiredException</c>.
    /// </summary>
    public override bool IsMrtrSupported => call.Era == McpEra.Modern;

    public override string? NegotiatedProtocolVersion => call.ProtocolVersion;

    public override Task RunAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A request-scoped server does not run a message loop.");

    public override Task<JsonRpcResponse> SendRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken = default) =>
        throw new McpProtocolException(
            $"This server cannot send '{request.Method}' to the client: requests back to the client need a stream this transport does not keep open.",
            McpErrorCode.InvalidRequest);

    public override Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
        message is JsonRpcNotification notification && call.Notifications is { } sink && IsWanted(notification)
            ? sink.SendAsync(notification, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Log messages go only at or above the level the client asked for. 2026-07-28: a request without
    /// <c>io.modelcontextprotocol/logLevel</c> MUST NOT receive any; legacy sessions that never called
    /// logging/setLevel get the server's default (everything).
    /// </summary>
    private bool IsWanted(JsonRpcNotification notification)
    {
        if (notification.Method != NotificationMethods.LoggingMessageNotification)
        {
            return true;
        }

        var threshold = ParseLevel(call.LogLevel);
        if (threshold is null)
        {
            return call.Era == McpEra.Legacy;
        }

        var level = ParseLevel(notification.Params?["level"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
        return level is null || level >= threshold;
    }

    public override IAsyncDisposable RegisterNotificationHandler(string method, Func<JsonRpcNotification, CancellationToken, ValueTask> handler) =>
        NoopRegistration.Instance;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static LoggingLevel? ParseLevel(string? level) => level switch
    {
        "debug" => ModelContextProtocol.Protocol.LoggingLevel.Debug,
        "info" => ModelContextProtocol.Protocol.LoggingLevel.Info,
        "notice" => ModelContextProtocol.Protocol.LoggingLevel.Notice,
        "warning" => ModelContextProtocol.Protocol.LoggingLevel.Warning,
        "error" => ModelContextProtocol.Protocol.LoggingLevel.Error,
        "critical" => ModelContextProtocol.Protocol.LoggingLevel.Critical,
        "alert" => ModelContextProtocol.Protocol.LoggingLevel.Alert,
        "emergency" => ModelContextProtocol.Protocol.LoggingLevel.Emergency,
        _ => null,
    };

    private sealed class NoopRegistration : IAsyncDisposable
    {
        public static readonly NoopRegistration Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
#pragma warning restore MCPEXP002
