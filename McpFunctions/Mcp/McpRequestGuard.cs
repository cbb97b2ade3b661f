using McpFunctions.Storage;

namespace McpFunctions.Mcp;

/// <summary>
/// Runs before every MCP endpoint method: DNS-rebinding protection by Host and Origin. A request
/// without Origin (a server-side client such as Claude's hosted connector) is not a browser and passes.
/// </summary>
internal sealed partial class McpRequestGuard(RequestOriginPolicy policy, ILogger<McpRequestGuard> logger)
{
    public RequestDelegate Wrap(Func<HttpContext, Task> handler) => async context =>
    {
        if (!policy.IsHostAllowed(context.Request.Host))
        {
            Log.HostRejected(logger, context.Request.Host.Value ?? string.Empty);
            await McpErrorWriter.WriteAsync(context, McpHttpError.ForbiddenHost());
            return;
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count > 0 && !policy.IsOriginAllowed(origin.ToString()))
        {
            Log.OriginRejected(logger, origin.ToString());
            await McpErrorWriter.WriteAsync(context, McpHttpError.ForbiddenOrigin());
            return;
        }

        try
        {
            await handler(context);
        }
        catch (StorageUnavailableException exception)
        {
            // Storage trouble is the server's problem (DESIGN.md §3): 503 + Retry-After and a JSON-RPC error, never a
            // 500 with exception text. The outage itself is logged once by the storage adapter; this is per request.
            Log.StorageUnavailable(logger, context.Request.Method, exception.Operation, exception.TableName);
            await McpErrorWriter.WriteAsync(context, McpHttpError.ServiceUnavailable(exception.RetryAfterSeconds));
        }
        catch (Exception exception) when (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away (a cancelled wait, or a body cut off mid-read): nobody is left to answer, and it is
            // not a server fault.
            Log.ClientAborted(logger, context.Request.Method);
        }
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Rejected request for host {Host}: not an allowed host (DNS-rebinding protection)")]
        public static partial void HostRejected(ILogger logger, string host);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Rejected request from origin {Origin}: not in Mcp:AllowedOrigins")]
        public static partial void OriginRejected(ILogger logger, string origin);

        [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Answered {Method} with 503: table storage is unavailable ({Operation} on {TableName})")]
        public static partial void StorageUnavailable(ILogger logger, string method, string operation, string tableName);

        [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "The client closed the {Method} request before it was answered")]
        public static partial void ClientAborted(ILogger logger, string method);
    }
}
