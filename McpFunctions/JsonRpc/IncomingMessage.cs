using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpFunctions.JsonRpc;

/// <summary>The kinds of JSON-RPC message a client may post (MCP Streamable HTTP: requests, notifications, responses).</summary>
internal enum IncomingMessageKind
{
    Request,
    Notification,
    Response,
    Invalid,
}

/// <summary>
/// One parsed element of a POST body. Invalid elements keep the id when it could be read, so that the
/// error answer echoes it (JSON-RPC 2.0 §5).
/// </summary>
internal sealed record IncomingMessage(IncomingMessageKind Kind, RequestId? Id, string? Method, JsonNode? Params, RpcError? Error)
{
    public bool IsRequest => Kind == IncomingMessageKind.Request;

    public static IncomingMessage Request(RequestId id, string method, JsonNode? parameters) => new(IncomingMessageKind.Request, id, method, parameters, null);

    public static IncomingMessage Notification(string method, JsonNode? parameters) => new(IncomingMessageKind.Notification, null, method, parameters, null);

    public static IncomingMessage Response(RequestId? id) => new(IncomingMessageKind.Response, id, null, null, null);

    public static IncomingMessage Invalid(RequestId? id, RpcError error) => new(IncomingMessageKind.Invalid, id, null, null, error);
}
