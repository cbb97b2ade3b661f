using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpFunctions.JsonRpc;

/// <summary>A JSON-RPC error object as a value (JSON-RPC 2.0 §5.1); the HTTP status is chosen by the transport.</summary>
internal sealed record RpcError(int Code, string Message, JsonNode? Data = null)
{
    public static RpcError ParseError(string message = "Parse error: the body is not valid JSON.") => new((int)McpErrorCode.ParseError, message);

    public static RpcError InvalidRequest(string message) => new((int)McpErrorCode.InvalidRequest, message);

    public static RpcError MethodNotFound(string method) => new((int)McpErrorCode.MethodNotFound, $"Method not found: {method}");

    public static RpcError InvalidParams(string message) => new((int)McpErrorCode.InvalidParams, message);

    public static RpcError Internal() => new((int)McpErrorCode.InternalError, "Internal error.");
}
