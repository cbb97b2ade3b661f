using System.Text.Json;
using McpFunctions.JsonRpc;
using McpFunctions.ResourceServer;
using McpFunctions.Sessions;
using McpFunctions.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The Streamable HTTP transport (MCP basic/transports) on one endpoint: POST carries JSON-RPC, GET is
/// refused with 405 (POST-only server), DELETE ends a session, HEAD answers the first seed's protocol probe.
/// Checks run in this order, each rejection through <see cref="McpErrorWriter"/>:
/// Origin/Host (middleware) → Content-Type (415) → Accept (406) → size (413) → JSON (-32700) →
/// JSON-RPC shape (-32600) → MCP-Protocol-Version (400) → method policy: token (401/403/503) →
/// initialize, or session (400/404, never another user's) → batch rule → dispatch.
/// </summary>
internal sealed partial class StreamableHttpHandler(
    LegacySessions sessions,
    McpMethodDispatcher dispatcher,
    RequestAuthenticator authenticator,
    UnauthenticatedSessionLimiter sessionLimiter,
    McpToolRegistry tools,
    IOptions<McpEndpointOptions> options,
    ILogger<StreamableHttpHandler> logger)
{
    /// <summary>The methods this endpoint serves, for <c>Allow</c> on 405.</summary>
    public const string AllowedMethods = "POST, DELETE, HEAD, OPTIONS";

    private readonly McpEndpointOptions _options = options.Value;

    public async Task HandlePostAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var request = context.Request;

        if (!ContentNegotiation.IsJsonContentType(request))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.UnsupportedMediaType());
            return;
        }

        if (!ContentNegotiation.AcceptsJson(request))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.NotAcceptable());
            return;
        }

        var body = await RequestBodyReader.ReadAsync(request, _options.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.PayloadTooLarge(_options.MaxRequestBodyBytes));
            return;
        }

        var parsed = JsonRpcParser.Parse(body.Value);
        if (parsed.Error is { } bodyError)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.From(bodyError));
            return;
        }

        var headerVersion = ReadProtocolVersionHeader(request, out var versionError);
        if (versionError is not null)
        {
            await McpErrorWriter.WriteAsync(context, versionError, FirstId(parsed));
            return;
        }

        if (parsed is { IsBatch: false, Messages: [{ Kind: IncomingMessageKind.Invalid } invalid] })
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.From(invalid.Error!), invalid.Id);
            return;
        }

        var requirement = RequirementFor(parsed, McpEra.Legacy);
        var (token, authError) = await authenticator.AuthenticateAsync(context, requirement.HasFlag(AccessRequirement.Token), ScopesFor(parsed), cancellationToken);
        if (authError is not null)
        {
            await McpErrorWriter.WriteAsync(context, authError, FirstId(parsed));
            return;
        }

        if (parsed is { IsBatch: false, Messages: [{ IsRequest: true, Method: RequestMethods.Initialize } initialize] })
        {
            await InitializeAsync(context, initialize, token, cancellationToken);
            return;
        }

        var (session, sessionError) = await ResolveSessionAsync(context, token, cancellationToken);
        if (session is null)
        {
            await McpErrorWriter.WriteAsync(context, sessionError!, FirstId(parsed));
            return;
        }

        // MCP transports: the header, when sent, must name the version negotiated at initialize.
        if (headerVersion is not null && headerVersion != session.ProtocolVersion)
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.ProtocolVersionMismatch(headerVersion, session.ProtocolVersion), FirstId(parsed));
            return;
        }

        if (parsed.IsBatch && !ProtocolVersions.AllowsBatching(session.ProtocolVersion))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.InvalidRequest($"Invalid request: JSON-RPC batches are not supported in protocol version {session.ProtocolVersion}."));
            return;
        }

        await ServeSessionAsync(context, session, parsed, token, cancellationToken);
    }

    public static Task HandleGetAsync(HttpContext context) =>
        McpErrorWriter.WriteAsync(context, McpHttpError.MethodNotAllowed(AllowedMethods));

    /// <summary>First seed, step 1.1: Claude's discovery client probes with HEAD and expects 200 and the version.</summary>
    public static Task HandleHeadAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[McpHeaders.ProtocolVersion] = ReadProtocolVersionHeader(context.Request, out var error) is { } requested && error is null
            ? requested
            : ProtocolVersions.LatestLegacy;
        return Task.CompletedTask;
    }

    /// <summary>MCP transports, "Session Management": DELETE with the session id ends the session.</summary>
    public async Task HandleDeleteAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var requirement = MethodPolicy.ForDelete(authenticator.Preset);
        var (token, authError) = await authenticator.AuthenticateAsync(context, requirement.HasFlag(AccessRequirement.Token), [], cancellationToken);
        if (authError is not null)
        {
            await McpErrorWriter.WriteAsync(context, authError);
            return;
        }

        var (session, error) = await ResolveSessionAsync(context, token, cancellationToken);
        if (session is null)
        {
            await McpErrorWriter.WriteAsync(context, error!);
            return;
        }

        await sessions.DeleteAsync(session, cancellationToken);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task InitializeAsync(HttpContext context, IncomingMessage request, ValidatedToken? token, CancellationToken cancellationToken)
    {
        Log.Request(logger, request.Method!, IdForLog(request.Id));
        if (authenticator.Enabled && token is null && !sessionLimiter.TryAcquire(context))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.TooManyRequests(60), request.Id);
            return;
        }

        InitializeRequestParams? parameters;
        try
        {
            parameters = request.Params?.Deserialize(McpJson.InitializeRequestParams);
        }
        catch (JsonException)
        {
            parameters = null;
        }

        // The first seed's Claude.ai initialize carries no protocolVersion in params; negotiate as for an
        // unknown version rather than refusing the connector.
        var version = ProtocolVersions.Negotiate(parameters?.ProtocolVersion);
        var capabilities = request.Params?["capabilities"]?.ToJsonString();
        var session = await sessions.CreateAsync(version, parameters?.ClientInfo, capabilities, token?.Subject, cancellationToken);

        var result = dispatcher.BuildInitializeResult(version);
        SetSessionHeaders(context.Response, session.Id, version);
        await WriteResponseAsync(context, [RpcOutcome.Success(request.Id!.Value, result, McpJson.InitializeResult)], isBatch: false);
    }

    private async Task ServeSessionAsync(HttpContext context, SessionRecord session, ParsedBody parsed, ValidatedToken? token, CancellationToken cancellationToken)
    {
        var initializedNow = false;
        foreach (var message in parsed.Messages)
        {
            if (message.Kind == IncomingMessageKind.Notification)
            {
                Log.Notification(logger, message.Method!);
                initializedNow |= message.Method == NotificationMethods.InitializedNotification;
            }
        }

        var touched = await sessions.TouchAsync(session, initializedNow, token?.Subject, cancellationToken);
        if (touched is null)
        {
            // Deleted between our read and our write (DELETE from another instance).
            await McpErrorWriter.WriteAsync(context, McpHttpError.SessionNotFound(), FirstId(parsed));
            return;
        }

        SetSessionHeaders(context.Response, session.Id, session.ProtocolVersion);

        // MCP transports: a body of only notifications or responses is answered 202 with no body.
        if (!parsed.HasRequests)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        var call = new McpCallContext
        {
            Era = McpEra.Legacy,
            ProtocolVersion = touched.ProtocolVersion,
            HttpContext = context,
            Session = touched,
            ClientInfo = touched.ClientName is null ? null : new Implementation { Name = touched.ClientName, Version = touched.ClientVersion ?? string.Empty },
            ClientCapabilities = DeserializeCapabilities(touched.ClientCapabilitiesJson),
        };

        var outcomes = new List<RpcOutcome>(parsed.Messages.Count);
        foreach (var message in parsed.Messages)
        {
            switch (message.Kind)
            {
                case IncomingMessageKind.Request:
                    Log.Request(logger, message.Method!, IdForLog(message.Id));
                    outcomes.Add(await dispatcher.DispatchAsync(call, message, cancellationToken));
                    break;
                case IncomingMessageKind.Invalid:
                    outcomes.Add(RpcOutcome.Failure(message.Id, message.Error!));
                    break;
            }
        }

        await WriteResponseAsync(context, outcomes, parsed.IsBatch);
    }

    /// <summary>
    /// The session named by the request, never one bound to another user: that answers 404 exactly like an
    /// unknown id, so a session id alone reveals and grants nothing (MCP security best practices, "Session Hijacking").
    /// </summary>
    private async Task<(SessionRecord? Session, McpHttpError? Error)> ResolveSessionAsync(HttpContext context, ValidatedToken? token, CancellationToken cancellationToken)
    {
        var (session, error) = await sessions.ResolveAsync(context, cancellationToken);
        if (session is not null && LegacySessions.BelongsToAnother(session, token?.Subject))
        {
            Log.SessionOfAnotherSubject(logger, SessionIds.ForLog(session.Id));
            return (null, McpHttpError.SessionNotFound());
        }

        return (session, error);
    }

    /// <summary>The strictest requirement of any message in the body (a batch is served all or nothing).</summary>
    private AccessRequirement RequirementFor(ParsedBody parsed, McpEra era)
    {
        var requirement = AccessRequirement.None;
        foreach (var message in parsed.Messages)
        {
            requirement |= MethodPolicy.ForMessage(authenticator.Preset, era, message.Method, message.Kind is IncomingMessageKind.Request or IncomingMessageKind.Invalid);
        }

        return requirement;
    }

    /// <summary>Scopes the body's tool calls need (the tools' <see cref="RequiredScopeAttribute"/>s).</summary>
    private List<string> ScopesFor(ParsedBody parsed)
    {
        List<string>? scopes = null;
        foreach (var message in parsed.Messages)
        {
            if (message is { IsRequest: true, Method: RequestMethods.ToolsCall }
                && message.Params?["name"] is System.Text.Json.Nodes.JsonValue nameValue
                && nameValue.TryGetValue<string>(out var name)
                && tools.HasTools
                && tools.TryGet(name, out var tool))
            {
                scopes ??= [];
                scopes.AddRange(tool.RequiredScopes.Where(s => !scopes.Contains(s)));
            }
        }

        return scopes ?? [];
    }

    private static async Task WriteResponseAsync(HttpContext context, IReadOnlyList<RpcOutcome> outcomes, bool isBatch)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonRpcWriter.WriterOptions);
        if (isBatch)
        {
            writer.WriteStartArray();
        }

        foreach (var outcome in outcomes)
        {
            JsonRpcWriter.Write(writer, outcome);
        }

        if (isBatch)
        {
            writer.WriteEndArray();
        }

        await writer.FlushAsync(context.RequestAborted);
    }

    private static void SetSessionHeaders(HttpResponse response, string sessionId, string protocolVersion)
    {
        response.Headers[McpHeaders.SessionId] = sessionId;
        response.Headers[McpHeaders.ProtocolVersion] = protocolVersion;
    }

    /// <summary>
    /// The <c>MCP-Protocol-Version</c> header: null when absent (a session then keeps its negotiated version;
    /// MCP transports say to assume 2025-03-26 only to pick behaviour, not to reject), an error when unsupported.
    /// </summary>
    private static string? ReadProtocolVersionHeader(HttpRequest request, out McpHttpError? error)
    {
        error = null;
        var values = request.Headers[McpHeaders.ProtocolVersion];
        if (values.Count == 0)
        {
            return null;
        }

        var version = values.Count == 1 ? values[0] : null;
        if (version is null || !ProtocolVersions.IsLegacy(version))
        {
            error = McpHttpError.UnsupportedProtocolVersion(version ?? string.Join(",", values.ToArray()), ProtocolVersions.AcceptedOnInitialize);
            return null;
        }

        return version;
    }

    private static ClientCapabilities? DeserializeCapabilities(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, McpJson.ClientCapabilities);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RequestId? FirstId(ParsedBody parsed) => parsed is { IsBatch: false, Messages: [var only] } ? only.Id : null;

    private static string IdForLog(RequestId? id) => id?.ToString() ?? "none";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "MCP request: method={Method}, id={Id}")]
        public static partial void Request(ILogger logger, string method, string id);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "MCP notification: method={Method}")]
        public static partial void Notification(ILogger logger, string method);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Session {SessionPrefix}… is bound to another subject: answering 404")]
        public static partial void SessionOfAnotherSubject(ILogger logger, string sessionPrefix);
    }
}
