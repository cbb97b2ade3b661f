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

        await handler(context);
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Rejected request for host {Host}: not an allowed host (DNS-rebinding protection)")]
        public static partial void HostRejected(ILogger logger, string host);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Rejected request from origin {Origin}: not in Mcp:AllowedOrigins")]
        public static partial void OriginRejected(ILogger logger, string origin);
    }
}
