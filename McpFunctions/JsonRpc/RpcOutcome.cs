using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol.Protocol;

namespace McpFunctions.JsonRpc;

/// <summary>
/// The answer to one request: a result serialized straight from its typed value (no intermediate
/// JsonNode), or an error. Ids travel with it so batches answer each request by id.
/// </summary>
internal sealed class RpcOutcome
{
    private RpcOutcome(RequestId? id, object? result, JsonTypeInfo? resultType, RpcError? error)
    {
        Id = id;
        Result = result;
        ResultType = resultType;
        Error = error;
    }

    public RequestId? Id { get; }

    public object? Result { get; }

    public JsonTypeInfo? ResultType { get; }

    public RpcError? Error { get; }

    public static RpcOutcome Success<T>(RequestId id, T result, JsonTypeInfo<T> resultType) => new(id, result, resultType, null);

    public static RpcOutcome Failure(RequestId? id, RpcError error) => new(id, null, null, error);
}
