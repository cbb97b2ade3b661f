using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// The least <see cref="McpServer"/> an SDK tool, resource or prompt invocation needs outside the transport:
/// it records the notifications the handler sends and refuses requests back to the client, as the
/// request-scoped server does.
/// </summary>
// Subclassing McpServer is marked experimental (MCPEXP002) in SDK 2.3; it is the seam SDK handlers take.
#pragma warning disable MCPEXP002
internal sealed class RecordingMcpServer(IServiceProvider services, ClientCapabilities? clientCapabilities = null) : McpServer
{
    private readonly List<JsonRpcNotification> _notifications = [];

    public IReadOnlyList<JsonRpcNotification> Notifications
    {
        get
        {
            lock (_notifications)
            {
                return [.. _notifications];
            }
        }
    }

    public override ClientCapabilities? ClientCapabilities => clientCapabilities;

    public override Implementation? ClientInfo => new() { Name = "recording-client", Version = "1.0.0" };

    public override McpServerOptions ServerOptions { get; } = new();

    public override IServiceProvider? Services => services;

#pragma warning disable MCP9005
    [Obsolete("Logging is deprecated as of protocol 2026-07-28.")]
    public override LoggingLevel? LoggingLevel => null;
#pragma warning restore MCP9005

    public override string? SessionId => null;

    public override string? NegotiatedProtocolVersion => "2025-11-25";

    public override Task RunAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task<JsonRpcResponse> SendRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken = default) =>
        throw new McpProtocolException($"Refused '{request.Method}': no client to ask.", McpErrorCode.InvalidRequest);

    public override Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (message is JsonRpcNotification notification)
        {
            lock (_notifications)
            {
                _notifications.Add(notification);
            }
        }

        return Task.CompletedTask;
    }

    public override IAsyncDisposable RegisterNotificationHandler(string method, Func<JsonRpcNotification, CancellationToken, ValueTask> handler) =>
        new NoopRegistration();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class NoopRegistration : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
#pragma warning restore MCPEXP002
