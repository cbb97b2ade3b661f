using McpFunctions.Hosting;
using McpFunctions.JsonRpc;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The error boundary's form on the MCP endpoint's paths: the transport's own JSON-RPC error body, echoing the
/// request id when the body was parsed. 4xx are -32600 (the request could not be read as sent), 5xx -32603.
/// </summary>
internal sealed class McpErrorResponseWriter(IOptions<McpEndpointOptions> options) : IErrorResponseWriter
{
    private readonly HashSet<string> _paths = new(options.Value.Paths, StringComparer.OrdinalIgnoreCase);

    public bool Handles(HttpContext context) =>
        _paths.Contains(McpEndpointOptions.NormalizePath(context.Request.Path.Value));

    public Task WriteAsync(HttpContext context, BoundaryFault fault)
    {
        var code = fault.IsServerFault ? McpErrorCode.InternalError : McpErrorCode.InvalidRequest;
        var id = context.Features.Get<McpRequestIdFeature>()?.Id;
        return McpErrorWriter.WriteAsync(context, new McpHttpError(fault.StatusCode, new RpcError((int)code, fault.Message)), id);
    }
}
