using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpFunctions.Completions;
using McpFunctions.Hosting;
using McpFunctions.JsonRpc;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Mcp;

/// <summary>
/// Answers MCP requests after the transport has decided who may ask (session, era, auth). One case per MCP
/// request; anything not declared in the era's <c>capabilities</c> is -32601 (MCP basic/lifecycle), which the
/// modern era turns into HTTP 404. Modern results carry <c>resultType</c> and serverInfo in <c>_meta</c>;
/// legacy results must not (earlier clients reject unknown keys on empty results).
/// </summary>
internal sealed partial class McpMethodDispatcher(
    McpServerInfo serverInfo,
    McpToolRegistry tools,
    ResourceRegistry resources,
    PromptRegistry prompts,
    CompletionProvider completions,
    LegacySessions sessions,
    ILogger<McpMethodDispatcher> logger)
{
    /// <summary>How long clients may cache list results (2026-07-28 caching); the lists change only on redeploy.</summary>
    private static readonly TimeSpan ListTimeToLive = TimeSpan.FromMinutes(5);

    public async Task<RpcOutcome> DispatchAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var capabilities = serverInfo.CapabilitiesFor(call.Era);
        switch (request.Method)
        {
            case RequestMethods.Ping:
                return Success(call, id, new EmptyResult(), McpJson.EmptyResult);
            case RequestMethods.ServerDiscover when call.Era == McpEra.Modern:
                return Success(call, id, BuildDiscoverResult(), McpJson.DiscoverResult);
            case RequestMethods.LoggingSetLevel when capabilities.Logging is not null && call.Session is not null:
                return await SetLogLevelAsync(call, request, cancellationToken);
            case RequestMethods.ToolsList when capabilities.Tools is not null:
                var list = tools.ProtocolTools;
                Log.ToolsReturned(logger, list.Count);
                return Success(call, id, Cacheable(call, new ListToolsResult { Tools = list }), McpJson.ListToolsResult);
            case RequestMethods.ToolsCall when capabilities.Tools is not null:
                return await CallToolAsync(call, request, cancellationToken);
            case RequestMethods.ResourcesList when capabilities.Resources is not null:
                return Success(call, id, Cacheable(call, new ListResourcesResult { Resources = resources.Resources }), McpJson.ListResourcesResult);
            case RequestMethods.ResourcesTemplatesList when capabilities.Resources is not null:
                return Success(call, id, Cacheable(call, new ListResourceTemplatesResult { ResourceTemplates = resources.Templates }), McpJson.ListResourceTemplatesResult);
            case RequestMethods.ResourcesRead when capabilities.Resources is not null:
                return await ReadResourceAsync(call, request, cancellationToken);
            case RequestMethods.PromptsList when capabilities.Prompts is not null:
                return Success(call, id, Cacheable(call, new ListPromptsResult { Prompts = prompts.Prompts }), McpJson.ListPromptsResult);
            case RequestMethods.PromptsGet when capabilities.Prompts is not null:
                return await GetPromptAsync(call, request, cancellationToken);
            case RequestMethods.CompletionComplete when capabilities.Completions is not null:
                return await CompleteAsync(call, request, cancellationToken);
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
        Capabilities = serverInfo.LegacyCapabilities,
        ServerInfo = serverInfo.Implementation,
        Instructions = serverInfo.Instructions,
    };

    /// <summary>2026-07-28 server/discover: what the server supports, for clients that skip initialize.</summary>
    private DiscoverResult BuildDiscoverResult() => new()
    {
        SupportedVersions = [.. ProtocolVersions.Modern],
        Capabilities = serverInfo.ModernCapabilities,
        Instructions = serverInfo.Instructions,
        TimeToLive = ListTimeToLive,
        CacheScope = CacheScope.Public,
    };

    /// <summary>2026-07-28 caching: list and read results say how long and for whom they may be cached.</summary>
    private static ListToolsResult Cacheable(McpCallContext call, ListToolsResult result)
    {
        (result.TimeToLive, result.CacheScope) = CachingFor(call);
        return result;
    }

    private static ListResourcesResult Cacheable(McpCallContext call, ListResourcesResult result)
    {
        (result.TimeToLive, result.CacheScope) = CachingFor(call);
        return result;
    }

    private static ListResourceTemplatesResult Cacheable(McpCallContext call, ListResourceTemplatesResult result)
    {
        (result.TimeToLive, result.CacheScope) = CachingFor(call);
        return result;
    }

    private static ListPromptsResult Cacheable(McpCallContext call, ListPromptsResult result)
    {
        (result.TimeToLive, result.CacheScope) = CachingFor(call);
        return result;
    }

    // The lists are the same for every caller and change only on redeploy; legacy results carry no caching fields.
    private static (TimeSpan? TimeToLive, CacheScope? Scope) CachingFor(McpCallContext call) =>
        call.Era == McpEra.Modern ? (ListTimeToLive, CacheScope.Public) : (null, null);

    private async Task<RpcOutcome> ReadResourceAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var parameters = Deserialize(request, McpJson.ReadResourceRequestParams);
        if (parameters is null || string.IsNullOrEmpty(parameters.Uri))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams("Invalid params: resources/read needs a 'uri'."));
        }

        var resource = resources.Find(parameters.Uri);
        if (resource is null)
        {
            // 2026-07-28 reports a missing resource as -32602; earlier revisions used -32002 (Resource not found).
            var code = call.Era == McpEra.Modern ? (int)McpErrorCode.InvalidParams : (int)McpErrorCode.ResourceNotFound;
            return RpcOutcome.Failure(id, new RpcError(code, $"Resource not found: {parameters.Uri}", new System.Text.Json.Nodes.JsonObject { ["uri"] = parameters.Uri }));
        }

        return await InvokeAsync(call, request, parameters, McpJson.ReadResourceResult, async context =>
        {
            var result = await resource.ReadAsync(context, cancellationToken);
            if (call.Era == McpEra.Modern)
            {
                // Resource contents may differ per user (a tool's own data), so only the caller may cache them.
                result.TimeToLive = TimeSpan.Zero;
                result.CacheScope = CacheScope.Private;
            }

            return result;
        });
    }

    private async Task<RpcOutcome> GetPromptAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var parameters = Deserialize(request, McpJson.GetPromptRequestParams);
        if (parameters is null || string.IsNullOrEmpty(parameters.Name))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams("Invalid params: prompts/get needs a 'name'."));
        }

        if (!prompts.TryGet(parameters.Name, out var prompt))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams($"Unknown prompt: {parameters.Name}"));
        }

        return await InvokeAsync(call, request, parameters, McpJson.GetPromptResult, context => prompt.GetAsync(context, cancellationToken).AsTask());
    }

    private async Task<RpcOutcome> CompleteAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var parameters = Deserialize(request, McpJson.CompleteRequestParams);
        if (parameters?.Ref is null || parameters.Argument is null)
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams("Invalid params: completion/complete needs 'ref' and 'argument'."));
        }

        try
        {
            return Success(call, id, await completions.CompleteAsync(parameters, cancellationToken), McpJson.CompleteResult);
        }
        catch (McpProtocolException ex)
        {
            return RpcOutcome.Failure(id, ProtocolError(ex));
        }
    }

    /// <summary>
    /// Runs a resource or prompt handler with the request-scoped server. Their failures are protocol errors (these
    /// results have no <c>isError</c>): a deliberate <see cref="McpException"/> keeps its message as invalid params,
    /// anything else is an internal error whose details stay in the server log.
    /// </summary>
    private async Task<RpcOutcome> InvokeAsync<TParams, TResult>(
        McpCallContext call, IncomingMessage request, TParams parameters, JsonTypeInfo<TResult> resultType, Func<RequestContext<TParams>, Task<TResult>> handler)
        where TResult : Result
    {
        var id = request.Id!.Value;
        var server = new RequestScopedMcpServer(serverInfo.SdkOptions, call.HttpContext.RequestServices, call);
        var context = new RequestContext<TParams>(server, new JsonRpcRequest { Id = id, Method = request.Method!, Params = request.Params }, parameters)
        {
            Services = call.HttpContext.RequestServices,
            User = call.HttpContext.User,
        };
        try
        {
            return Success(call, id, await handler(context), resultType);
        }
        catch (InputRequiredException ex)
        {
            return InputRequired(call, id, ex.Result);
        }
        catch (McpProtocolException ex)
        {
            return RpcOutcome.Failure(id, ProtocolError(ex));
        }
        catch (McpException ex)
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams(ex.Message));
        }
        // A fault that carries its own status (storage unavailable: 503 + Retry-After) is the exception boundary's to answer.
        catch (Exception ex) when (ex is not IHttpStatusFault && (ex is not OperationCanceledException || !call.HttpContext.RequestAborted.IsCancellationRequested))
        {
            Log.HandlerFailed(logger, request.Method!, ex);
            return RpcOutcome.Failure(id, RpcError.Internal());
        }
    }

    /// <summary>A handler's protocol error; -32021 keeps the capabilities it needs as <c>data.requiredCapabilities</c> (2026-07-28).</summary>
    private static RpcError ProtocolError(McpProtocolException exception) =>
        exception is MissingRequiredClientCapabilityException missing && missing.RequiredCapabilities is not null
            ? new RpcError((int)exception.ErrorCode, exception.Message, new System.Text.Json.Nodes.JsonObject
            {
                ["requiredCapabilities"] = JsonSerializer.SerializeToNode(missing.RequiredCapabilities, McpJson.ClientCapabilities),
            })
            : new RpcError((int)exception.ErrorCode, exception.Message);

    private static T? Deserialize<T>(IncomingMessage request, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return request.Params?.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private RpcOutcome Success<T>(McpCallContext call, RequestId id, T result, JsonTypeInfo<T> type)
        where T : Result
    {
        if (call.Era == McpEra.Modern)
        {
            result.ResultType = "complete";
            result.Meta = serverInfo.NewResultMeta();
        }

        return RpcOutcome.Success(id, result, type);
    }

    private async Task<RpcOutcome> SetLogLevelAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var level = request.Params?["level"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (level is not ("debug" or "info" or "notice" or "warning" or "error" or "critical" or "alert" or "emergency"))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams("Invalid params: 'level' must be one of debug, info, notice, warning, error, critical, alert, emergency."));
        }

        await sessions.SetLogLevelAsync(call.Session!, level, cancellationToken);
        return Success(call, id, new EmptyResult(), McpJson.EmptyResult);
    }

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

        // Arguments are checked against the published input schema before the SDK binds them: a wrong JSON type or a
        // missing argument is a tool error naming it, and an object sent as its JSON text is accepted as the object.
        var arguments = ToolArgumentCheck.Check(tool.ProtocolTool.InputSchema, parameters.Arguments, out var argumentError);
        if (arguments is null)
        {
            Log.ToolArgumentsRefused(logger, tool.Name, argumentError!);
            return Success(call, id, ErrorResult($"{argumentError} See the input schema of '{tool.Name}' in tools/list."), McpJson.CallToolResult);
        }

        parameters.Arguments = arguments;
        var server = new RequestScopedMcpServer(serverInfo.SdkOptions, call.HttpContext.RequestServices, call);
        var jsonRpcRequest = new JsonRpcRequest { Id = id, Method = request.Method!, Params = request.Params };
        var context = new RequestContext<CallToolRequestParams>(server, jsonRpcRequest, parameters)
        {
            Services = call.HttpContext.RequestServices,
            User = call.HttpContext.User,
        };

        CallToolResult result;
        try
        {
            result = await tool.Tool.InvokeAsync(context, cancellationToken);
            ToolResultText.MakeReadable(tool.Name, result);
            LogToolOutcome(tool.Name, result);
        }
        catch (InputRequiredException ex)
        {
            return InputRequired(call, id, ex.Result);
        }
        catch (McpProtocolException ex)
        {
            return RpcOutcome.Failure(id, ProtocolError(ex));
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

        return Success(call, id, result, McpJson.CallToolResult);
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

    /// <summary>
    /// 2026-07-28 multi round-trip requests (SEP-2322): a tool that needs the client's input (elicitation, sampling)
    /// throws <see cref="InputRequiredException"/>; the answer asks for it and the client retries with
    /// <c>inputResponses</c>, so no server state is kept between the rounds. Only requests the client declared it can
    /// answer may be sent (-32021 otherwise); the legacy era has no such result.
    /// </summary>
    private RpcOutcome InputRequired(McpCallContext call, RequestId id, InputRequiredResult result)
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

    private static CallToolResult ErrorResult(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Returning {Count} tools")]
        public static partial void ToolsReturned(ILogger logger, int count);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Tool {Tool} called")]
        public static partial void ToolCalled(ILogger logger, string tool);

        [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Tool {Tool} returned an error result (isError): {Reason}")]
        public static partial void ToolErrorResult(ILogger logger, string tool, string reason);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Tool {Tool} threw")]
        public static partial void ToolFailed(ILogger logger, string tool, Exception exception);

        [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Tool {Tool} called with arguments it cannot take: {Problem}")]
        public static partial void ToolArgumentsRefused(ILogger logger, string tool, string problem);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "{Method} handler threw")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);
    }
}
