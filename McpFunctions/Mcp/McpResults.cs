using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpFunctions.JsonRpc;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// How a method's answer is shaped per era, shared by the dispatcher and the tool caller: modern results carry
/// <c>resultType</c> and serverInfo in <c>_meta</c>, legacy results must not (earlier clients reject unknown keys on
/// empty results); handler protocol errors and 2026-07-28 input requests become the outcomes the spec gives them.
/// </summary>
internal sealed class McpResults(McpServerInfo serverInfo)
{
    public RpcOutcome Success<T>(McpCallContext call, RequestId id, T result, JsonTypeInfo<T> type)
        where T : Result
    {
        if (call.Era == McpEra.Modern)
        {
            result.ResultType = "complete";
            result.Meta = serverInfo.NewResultMeta();
        }

        return RpcOutcome.Success(id, result, type);
    }

    /// <summary>A handler's protocol error; -32021 keeps the capabilities it needs as <c>data.requiredCapabilities</c> (2026-07-28).</summary>
    public static RpcError ProtocolError(McpProtocolException exception) =>
        exception is MissingRequiredClientCapabilityException missing && missing.RequiredCapabilities is not null
            ? new RpcError((int)exception.ErrorCode, exception.Message, new System.Text.Json.Nodes.JsonObject
            {
                ["requiredCapabilities"] = JsonSerializer.SerializeToNode(missing.RequiredCapabilities, McpJson.ClientCapabilities),
            })
            : new RpcError((int)exception.ErrorCode, exception.Message);

    /// <summary>
    /// 2026-07-28 multi round-trip requests (SEP-2322): a tool that needs the client's input (elicitation, sampling)
    /// throws <see cref="InputRequiredException"/>; the answer asks for it and the client retries with
    /// <c>inputResponses</c>, so no server state is kept between the rounds. Only requests the client declared it can
    /// answer may be sent (-32021 otherwise); the legacy era has no such result.
    /// </summary>
    public RpcOutcome InputRequired(McpCallContext call, RequestId id, InputRequiredResult result)
    {
        if (call.Era != McpEra.Modern)
        {
            return RpcOutcome.Failure(id, RpcError.InvalidRequest("This tool needs input from the client, which this server can only request with protocol 2026-07-28."));
        }

        var capabilities = call.ClientCapabilities;
        foreach (var input in result.InputRequests?.Values ?? [])
        {
            var missing = input.Method switch
            {
                RequestMethods.ElicitationCreate when capabilities?.Elicitation is null => "elicitation",
                RequestMethods.SamplingCreateMessage when capabilities?.Sampling is null => "sampling",
                RequestMethods.RootsList when capabilities?.Roots is null => "roots",
                _ => null,
            };
            if (missing is not null)
            {
                var data = new System.Text.Json.Nodes.JsonObject { ["requiredCapabilities"] = new System.Text.Json.Nodes.JsonObject { [missing] = new System.Text.Json.Nodes.JsonObject() } };
                return RpcOutcome.Failure(id, new RpcError((int)McpErrorCode.MissingRequiredClientCapability, $"The client must declare the '{missing}' capability for this request.", data));
            }
        }

        result.ResultType = "input_required";
        result.Meta = serverInfo.NewResultMeta();
        return RpcOutcome.Success(id, result, McpJson.InputRequiredResult);
    }
}
