using System.Text.Json;
using McpFunctions.Hosting;
using McpFunctions.JsonRpc;
using McpFunctions.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Mcp;

/// <summary>
/// <c>tools/call</c> for the tool the access decision resolved (its scopes were checked before this runs): checks
/// the arguments against the tool's input schema, invokes it, and turns whatever it does into the result MCP
/// server/tools asks for — tool failures are results with <c>isError</c>, internals stay in the server log.
/// </summary>
internal sealed partial class McpToolCaller(McpServerInfo serverInfo, McpResults results, ILogger<McpToolCaller> logger)
{
    public async Task<RpcOutcome> CallAsync(McpCallContext call, IncomingMessage request, RegisteredTool? tool, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        CallToolRequestParams? parameters;
        try
        {
            parameters = request.Params?.Deserialize(McpJson.CallToolRequestParams);
        }
        catch (JsonException)
        {
            parameters = null;
        }

        if (parameters is null || string.IsNullOrEmpty(parameters.Name))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams("Invalid params: tools/call needs a 'name' and optional 'arguments' object."));
        }

        // MCP server/tools "Error Handling": an unknown tool is a protocol error, not a tool result.
        if (tool is null)
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams($"Unknown tool: {parameters.Name}"));
        }

        // Arguments are checked against the published input schema before the SDK binds them: a wrong JSON type or a
        // missing argument is a tool error naming it, and an object sent as its JSON text is accepted as the object.
        var arguments = ToolArgumentCheck.Check(tool.ProtocolTool.InputSchema, parameters.Arguments, out var argumentError);
        if (arguments is null)
        {
            Log.ToolArgumentsRefused(logger, tool.Name, argumentError!);
            return results.Success(call, id, ErrorResult($"{argumentError} See the input schema of '{tool.Name}' in tools/list."), McpJson.CallToolResult);
        }

        parameters.Arguments = arguments;
        var server = new RequestScopedMcpServer(serverInfo.SdkOptions, call.HttpContext.RequestServices, call);
        var context = new RequestContext<CallToolRequestParams>(server, new JsonRpcRequest { Id = id, Method = request.Method!, Params = request.Params }, parameters)
        {
            Services = call.HttpContext.RequestServices,
            User = call.HttpContext.User,
        };
        return await InvokeAsync(call, id, tool, context, cancellationToken);
    }

    private async Task<RpcOutcome> InvokeAsync(McpCallContext call, RequestId id, RegisteredTool tool, RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        CallToolResult result;
        try
        {
            result = await tool.Tool.InvokeAsync(context, cancellationToken);
            ToolResultText.MakeReadable(tool.Name, result);
            LogToolOutcome(tool.Name, result);
        }
        catch (InputRequiredException ex)
        {
            return results.InputRequired(call, id, ex.Result);
        }
        catch (McpProtocolException ex)
        {
            return RpcOutcome.Failure(id, McpResults.ProtocolError(ex));
        }
        catch (McpException ex)
        {
            // A tool's own, deliberate error message (bad input): the model reads it and can correct itself.
            result = ErrorResult(ex.Message);
            LogToolOutcome(tool.Name, result);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            // The SDK could not bind an argument the schema check let through (a value inside it of the wrong shape):
            // still the caller's input, so a tool error the model can correct (MCP server/tools: input validation errors
            // are tool execution errors). The binder's own text names .NET types and stays out of the answer.
            Log.ToolArgumentsRefused(logger, tool.Name, ex.GetType().Name);
            result = ErrorResult($"Invalid arguments for '{tool.Name}': a value does not have the type its input schema gives. See the input schema in tools/list.");
            LogToolOutcome(tool.Name, result);
        }
        catch (Exception ex) when (ex is not IHttpStatusFault && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // MCP server/tools: tool failures are results with isError, and internals stay on the server.
            Log.ToolFailed(logger, tool.Name, ex);
            result = ErrorResult($"The tool '{tool.Name}' failed unexpectedly.");
        }

        return results.Success(call, id, result, McpJson.CallToolResult);
    }

    /// <summary>The tool's outcome in one line; an error result says why, as the caller was told (never internals).</summary>
    private void LogToolOutcome(string tool, CallToolResult result)
    {
        if (result.IsError != true)
        {
            Log.ToolCalled(logger, tool);
            return;
        }

        var reason = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "(no message)";
        Log.ToolErrorResult(logger, tool, reason.Length > 300 ? reason[..300] + "…" : reason);
    }

    private static CallToolResult ErrorResult(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Tool {Tool} called")]
        public static partial void ToolCalled(ILogger logger, string tool);

        [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Tool {Tool} returned an error result (isError): {Reason}")]
        public static partial void ToolErrorResult(ILogger logger, string tool, string reason);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Tool {Tool} threw")]
        public static partial void ToolFailed(ILogger logger, string tool, Exception exception);

        [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Tool {Tool} called with arguments it cannot take: {Problem}")]
        public static partial void ToolArgumentsRefused(ILogger logger, string tool, string problem);
    }
}
