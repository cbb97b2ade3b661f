using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Hosting;
using ModelContextProtocol.Protocol;

namespace McpFunctions.JsonRpc;

/// <summary>
/// Turns a POST body into JSON-RPC messages without trusting its shape: malformed JSON is -32700 with a
/// null id, anything that is not a JSON-RPC 2.0 message is -32600 (JSON-RPC 2.0 §5.1), and MCP's own
/// rule that request ids are strings or integers, never null (MCP basic, "Requests"). The whole body is
/// checked once by <see cref="JsonInputValidator"/> before any node is built: text that cannot be decoded
/// (a lone surrogate escape) is -32700, a duplicate member name at any depth is -32600, so no reader behind
/// this point can fail on either. Like every body-level error these are answered before authentication.
/// </summary>
internal static class JsonRpcParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = JsonInputValidator.MaxDepth };

    public static ParsedBody Parse(ReadOnlyMemory<byte> body)
    {
        switch (JsonInputValidator.Validate(body.Span))
        {
            case JsonInputProblem.Malformed:
                return ParsedBody.Failed(RpcError.ParseError());
            case JsonInputProblem.InvalidString:
                return ParsedBody.Failed(RpcError.ParseError("Parse error: a string is not valid Unicode text (a lone UTF-16 surrogate escape or invalid UTF-8)."));
            case JsonInputProblem.DuplicateMember:
                return ParsedBody.Failed(RpcError.InvalidRequest("Invalid request: an object has the same member name twice."));
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span, documentOptions: DocumentOptions);
        }
        catch (JsonException)
        {
            return ParsedBody.Failed(RpcError.ParseError());
        }

        switch (root)
        {
            case JsonObject single:
                return new ParsedBody([ParseMessage(single)], IsBatch: false, Error: null);
            case JsonArray batch when batch.Count == 0:
                return ParsedBody.Failed(RpcError.InvalidRequest("Invalid request: an empty batch."));
            case JsonArray batch:
                var messages = new List<IncomingMessage>(batch.Count);
                foreach (var element in batch)
                {
                    messages.Add(element is JsonObject obj
                        ? ParseMessage(obj)
                        : IncomingMessage.Invalid(null, RpcError.InvalidRequest("Invalid request: a batch element is not an object.")));
                }

                return new ParsedBody(messages, IsBatch: true, Error: null);
            default:
                return ParsedBody.Failed(RpcError.InvalidRequest("Invalid request: the body is not a JSON-RPC message."));
        }
    }

    private static IncomingMessage ParseMessage(JsonObject message)
    {
        var hasId = message.TryGetPropertyValue(JsonRpcConstants.Id, out var idNode);
        RequestId? id = null;
        if (hasId && idNode is not null)
        {
            if (!TryReadId(idNode, out var parsed))
            {
                return IncomingMessage.Invalid(null, RpcError.InvalidRequest("Invalid request: 'id' must be a string or an integer."));
            }

            id = parsed;
        }

        if (!IsVersion2(message))
        {
            return IncomingMessage.Invalid(id, RpcError.InvalidRequest("Invalid request: 'jsonrpc' must be \"2.0\"."));
        }

        if (message.TryGetPropertyValue(JsonRpcConstants.Method, out var methodNode))
        {
            if (methodNode is not JsonValue methodValue || !methodValue.TryGetValue<string>(out var method) || method.Length == 0)
            {
                return IncomingMessage.Invalid(id, RpcError.InvalidRequest("Invalid request: 'method' must be a non-empty string."));
            }

            message.TryGetPropertyValue(JsonRpcConstants.Params, out var parameters);
            if (parameters is not null and not JsonObject)
            {
                // MCP params are always objects; positional (array) params are not used by any MCP method.
                return IncomingMessage.Invalid(id, RpcError.InvalidRequest("Invalid request: 'params' must be an object."));
            }

            if (parameters is not null)
            {
                message.Remove(JsonRpcConstants.Params);
            }

            if (id is { } requestId)
            {
                return IncomingMessage.Request(requestId, method, parameters);
            }

            // Some clients send "id": null on notifications (the second seed documents it); accept that for
            // notifications, but a request needs an id to be answered.
            return method.StartsWith(JsonRpcConstants.NotificationPrefix, StringComparison.Ordinal) || !hasId
                ? IncomingMessage.Notification(method, parameters)
                : IncomingMessage.Invalid(null, RpcError.InvalidRequest("Invalid request: 'id' must not be null."));
        }

        if (message.ContainsKey(JsonRpcConstants.Result) || message.ContainsKey(JsonRpcConstants.Error))
        {
            return IncomingMessage.Response(id);
        }

        return IncomingMessage.Invalid(id, RpcError.InvalidRequest("Invalid request: no 'method', 'result' or 'error'."));
    }

    private static bool IsVersion2(JsonObject message) =>
        message.TryGetPropertyValue(JsonRpcConstants.JsonRpc, out var version)
        && version is JsonValue value
        && value.TryGetValue<string>(out var text)
        && text == JsonRpcConstants.Version;

    private static bool TryReadId(JsonNode node, out RequestId id)
    {
        id = default;
        if (node is not JsonValue value)
        {
            return false;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                id = new RequestId(value.GetValue<string>());
                return true;
            case JsonValueKind.Number when value.TryGetValue<long>(out var number):
                id = new RequestId(number);
                return true;
            default:
                return false;
        }
    }
}
