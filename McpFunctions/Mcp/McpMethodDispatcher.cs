using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpFunctions.Completions;
using McpFunctions.Hosting;
using McpFunctions.JsonRpc;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.Sessions;
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
    SessionManager sessions,
    McpResults results,
    McpToolCaller toolCaller,
    ILogger<McpMethodDispatcher> logger)
{
    /// <summary>How long clients may cache list results (2026-07-28 caching); the lists change only on redeploy.</summary>
    private static readonly TimeSpan ListTimeToLive = TimeSpan.FromMinutes(5);

    /// <param name="tool">The tool a <c>tools/call</c> names, as the access decision resolved it (null when unknown).</param>
    public async Task<RpcOutcome> DispatchAsync(McpCallContext call, IncomingMessage request, RegisteredTool? tool, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var capabilities = serverInfo.CapabilitiesFor(call.Era);
        switch (request.Method)
        {
            case RequestMethods.Ping:
                return results.Success(call, id, new EmptyResult(), McpJson.EmptyResult);
            case RequestMethods.ServerDiscover when call.Era == McpEra.Modern:
                return results.Success(call, id, BuildDiscoverResult(), McpJson.DiscoverResult);
            case RequestMethods.LoggingSetLevel when capabilities.Logging is not null && call.Session is not null:
                return await SetLogLevelAsync(call, request, cancellationToken);
            case RequestMethods.ToolsList when capabilities.Tools is not null:
                var list = tools.ProtocolTools;
                Log.ToolsReturned(logger, list.Count);
                return results.Success(call, id, Cacheable(call, new ListToolsResult { Tools = list }), McpJson.ListToolsResult);
            case RequestMethods.ToolsCall when capabilities.Tools is not null:
                return await toolCaller.CallAsync(call, request, tool, cancellationToken);
            case RequestMethods.ResourcesList when capabilities.Resources is not null:
                return results.Success(call, id, Cacheable(call, new ListResourcesResult { Resources = resources.Resources }), McpJson.ListResourcesResult);
            case RequestMethods.ResourcesTemplatesList when capabilities.Resources is not null:
                return results.Success(call, id, Cacheable(call, new ListResourceTemplatesResult { ResourceTemplates = resources.Templates }), McpJson.ListResourceTemplatesResult);
            case RequestMethods.ResourcesRead when capabilities.Resources is not null:
                return await ReadResourceAsync(call, request, cancellationToken);
            case RequestMethods.PromptsList when capabilities.Prompts is not null:
                return results.Success(call, id, Cacheable(call, new ListPromptsResult { Prompts = prompts.Prompts }), McpJson.ListPromptsResult);
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
            return results.Success(call, id, await completions.CompleteAsync(parameters, cancellationToken), McpJson.CompleteResult);
        }
        catch (McpProtocolException ex)
        {
            return RpcOutcome.Failure(id, McpResults.ProtocolError(ex));
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
            return results.Success(call, id, await handler(context), resultType);
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
            return RpcOutcome.Failure(id, RpcError.InvalidParams(ex.Message));
        }
        // A fault that carries its own status (storage unavailable: 503 + Retry-After) is the exception boundary's to answer.
        catch (Exception ex) when (ex is not IHttpStatusFault && (ex is not OperationCanceledException || !call.HttpContext.RequestAborted.IsCancellationRequested))
        {
            Log.HandlerFailed(logger, request.Method!, ex);
            return RpcOutcome.Failure(id, RpcError.Internal());
        }
    }

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

    private async Task<RpcOutcome> SetLogLevelAsync(McpCallContext call, IncomingMessage request, CancellationToken cancellationToken)
    {
        var id = request.Id!.Value;
        var level = request.Params?["level"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (level is not ("debug" or "info" or "notice" or "warning" or "error" or "critical" or "alert" or "emergency"))
        {
            return RpcOutcome.Failure(id, RpcError.InvalidParams("Invalid params: 'level' must be one of debug, info, notice, warning, error, critical, alert, emergency."));
        }

        await sessions.SetLogLevelAsync(call.Session!, level, cancellationToken);
        return results.Success(call, id, new EmptyResult(), McpJson.EmptyResult);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Returning {Count} tools")]
        public static partial void ToolsReturned(ILogger logger, int count);





        [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "{Method} handler threw")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);
    }
}
