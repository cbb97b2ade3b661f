using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>Where notifications raised while a request runs (progress, log messages) are delivered.</summary>
internal interface INotificationSink
{
    Task SendAsync(JsonRpcNotification notification, CancellationToken cancellationToken);
}
