using System.Text.Json;
using McpFunctions.JsonRpc;
using McpFunctions.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Mcp;

/// <summary>
/// Answers MCP requests after the transport has decided who may ask (session, era, auth). One method
/// per MCP request; anything not declared in <c>capabilities</c> is -32601 (MCP basic/lifecycle).
/// </summary>
internal sealed partial class McpMethodDispatcher(McpServerInfo serverInfo, McpToolRegistry tools, ILogger<McpMethodDispatcher> logger)
{
    public async Task<RpcOutcome> DispatchAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        switch (request.Method)
        {
            case RequestMethods.Ping:
                return RpcOutcome.Success(id, new EmptyResult(), McpJson.EmptyResult);
            case RequestMethods.ToolsList when serverInfo.Capabilities.Tools is not null:
                var list = tools.ProtocolTools;
                Log.ToolsReturned(logger, list.Count);
                return RpcOutcome.Success(id, new ListToolsResult { Tools = list }, McpJson.ListToolsResult);
            case RequestMethods.ToolsCall when serverInfo.Capabilities.Tools is not null:
                return await CallToolAsync(call, request, cancellationToken);
            case RequestMethods.Initialize:
                // Reached only inside a batch or on a session that already exists.
                return RpcOutcome.Failure(id, RpcError.InvalidRequest("Invalid request: initialize must be sent alone, without Mcp-Session-Id."));
            default:
                return RpcOutcome.Failure(id, RpcError.MethodNotFound(request.Method!));
        }
    }

    public InitializeResult BuildInitializeResult(string negotiatedVersion) => new()
    {
        ProtocolVersion = negotiatedVersion,
        Capabilities = serverInfo.Capabilities,
        ServerInfo = serverInfo.Implementation,
        Instructions = serverInfo.Instructions,
    };

    private async Task<RpcOutcome> CallToolAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
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
        if (!tools.TryGet(parameters.Name, out var tool))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams($"Unknown tool: {parameters.Name}"));
        }

        var server = new RequestScopedMcpServer(serverInfo.SdkOptions, call.HttpContext.RequestServices, call);
        var jsonRpcRequest = new JsonRpcRequest { Id = id, Method = request.Method!, Params = request.Params };
        var context = new RequestContext<CallToolRequestParams>(server, jsonRpcRequest, parameters)
        {
            Services = call.HttpContext.RequestServices,
            User = call.HttpContext.User,
        };

        try
        {
            var result = await tool.Tool.InvokeAsync(context, cancellationToken);
            Log.ToolCalled(logger, tool.Name, result.IsError == true);
            return RpcOutcome.Success(id, result, McpJson.CallToolResult);
        }
        catch (McpProtocolException ex)
        {
            return RpcOutcome.Failure(id, new RpcError((int)ex.ErrorCode, ex.Message));
        }
        catch (McpException ex)
        {
            // A tool's own, deliberate error message (bad input): the model reads it and can correct itself.
            Log.ToolCalled(logger, tool.Name, isError: true);
            return RpcOutcome.Success(id, ErrorResult(ex.Message), McpJson.CallToolResult);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // MCP server/tools: tool failures are results with isError, and internals stay on the server.
            Log.ToolFailed(logger, tool.Name, ex);
            return RpcOutcome.Success(id, ErrorResult($"The tool '{tool.Name}' failed unexpectedly."), McpJson.CallToolResult);
        }
    }

    private static CallToolResult ErrorResult(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Returning {Count} tools")]
        public static partial void ToolsReturned(ILogger logger, int count);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Tool {Tool} called (isError={IsError})")]
        public static partial void ToolCalled(ILogger logger, string tool, bool isError);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Tool {Tool} threw")]
        public static partial void ToolFailed(ILogger logger, string tool, Exception exception);
    }
}
