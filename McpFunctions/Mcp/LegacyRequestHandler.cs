using System.Text.Json;
using McpFunctions.JsonRpc;
using McpFunctions.ResourceServer;
using McpFunctions.Sessions;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The legacy era (2025-03-26 … 2025-11-25, 2024-11-05 on initialize): initialize creates a session row any
/// instance can read; every later request names it in <c>Mcp-Session-Id</c>. Order after intake:
/// MCP-Protocol-Version supported (400) → access decision (<see cref="McpAccessPolicy"/>): token and scopes
/// (401/403/503) → initialize, or session (400 missing / 404 unknown or another user's) → version equals the
/// session's (400) → batch rule → dispatch, with the tools the decision resolved.
/// </summary>
internal sealed partial class LegacyRequestHandler(
    LegacySessions legacySessions,
    SessionManager sessions,
    McpMethodDispatcher dispatcher,
    McpAccessPolicy policy,
    McpTokenCheck tokenCheck,
    UnauthenticatedSessionLimiter sessionLimiter,
    ProtocolVersionTolerance tolerance,
    ILogger<LegacyRequestHandler> logger)
{
    /// <summary>Client capabilities bigger than this are not kept (a Table Storage string holds 32K characters).</summary>
    private const int MaxStoredCapabilitiesLength = 16 * 1024;

    public async Task HandleAsync(IncomingRequest request)
    {
        var context = request.Context;
        var cancellationToken = context.RequestAborted;

        if (UnsupportedHeaderVersion(request) is { } versionError)
        {
            await McpErrorWriter.WriteAsync(context, versionError, request.FirstId);
            return;
        }

        var access = policy.ForBody(request.Body, McpEra.Legacy);
        var (token, authError) = await tokenCheck.EnforceAsync(context, access, cancellationToken);
        if (authError is not null)
        {
            await McpErrorWriter.WriteAsync(context, authError, request.FirstId);
            return;
        }

        // Only an initialize sent alone needs no session: it creates one.
        if (!access.NeedsSession && request.Single is { } initialize)
        {
            await InitializeAsync(context, initialize, token, cancellationToken);
            return;
        }

        var (session, sessionError) = await ResolveSessionAsync(context, token, cancellationToken);
        if (session is null)
        {
            await McpErrorWriter.WriteAsync(context, sessionError!, request.FirstId);
            return;
        }

        if (HeaderDisagreesWithSession(request.ProtocolVersionHeader, session) is { } mismatch)
        {
            await McpErrorWriter.WriteAsync(context, mismatch, request.FirstId);
            return;
        }

        if (request.Body.IsBatch && !ProtocolVersions.AllowsBatching(session.ProtocolVersion))
        {
            await McpErrorWriter.WriteAsync(context, McpHttpError.InvalidRequest($"Invalid request: JSON-RPC batches are not supported in protocol version {session.ProtocolVersion}."));
            return;
        }

        await ServeSessionAsync(context, session, request.Body, access, token, cancellationToken);
    }

    /// <summary>
    /// MCP transports: an unsupported MCP-Protocol-Version is 400; absent means "keep the session's version". Tolerant:
    /// any known or newer version is let through for the session to decide; what is not a version at all stays 400.
    /// </summary>
    private McpHttpError? UnsupportedHeaderVersion(IncomingRequest request)
    {
        var header = request.ProtocolVersionHeader;
        var acceptable = header is null || ProtocolVersions.IsLegacy(header)
            || (tolerance.IsTolerant && request.Single is not { Method: RequestMethods.Initialize } && ProtocolVersions.IsKnownOrNewer(header));
        return acceptable ? null : McpHttpError.UnsupportedProtocolVersion(header!, ProtocolVersions.AcceptedOnInitialize);
    }

    /// <summary>
    /// MCP transports: the header, when sent, must name the version negotiated at initialize. Tolerant: the session is
    /// the more specific evidence (anthropics/claude-code#92835), so it is served at its version and the deviation logged.
    /// </summary>
    private McpHttpError? HeaderDisagreesWithSession(string? header, SessionRecord session)
    {
        if (header is null || header == session.ProtocolVersion)
        {
            return null;
        }

        if (!tolerance.IsTolerant)
        {
            return McpHttpError.ProtocolVersionMismatch(header, session.ProtocolVersion);
        }

        tolerance.SessionHeaderTolerated(session.Id, header, session.ProtocolVersion);
        return null;
    }

    /// <summary>MCP transports, "Session Management": DELETE with the session id ends the session.</summary>
    public async Task HandleDeleteAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var access = policy.ForDelete();
        var (token, authError) = await tokenCheck.EnforceAsync(context, access, cancellationToken);
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

        await sessions.DeleteAsync(session.Id, cancellationToken);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task InitializeAsync(HttpContext context, IncomingMessage request, ValidatedToken? token, CancellationToken cancellationToken)
    {
        Log.Request(logger, request.Method!, IdForLog(request.Id));
        if (policy.AuthenticationEnabled && token is null && !sessionLimiter.TryAcquire(context))
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
        if (capabilities?.Length > MaxStoredCapabilitiesLength)
        {
            Log.CapabilitiesTooLarge(logger, capabilities.Length);
            capabilities = null;
        }

        var session = await sessions.CreateAsync(version, parameters?.ClientInfo?.Name, parameters?.ClientInfo?.Version, capabilities, token?.Subject, cancellationToken);
        var result = dispatcher.BuildInitializeResult(version);
        SetSessionHeaders(context.Response, session.Id, version);
        await new McpResponseStream(context, clientAcceptsEventStream: false)
            .CompleteAsync([RpcOutcome.Success(request.Id!.Value, result, McpJson.InitializeResult)], isBatch: false, StatusCodes.Status200OK);
    }

    private async Task ServeSessionAsync(HttpContext context, SessionRecord session, ParsedBody parsed, McpAccessDecision access, ValidatedToken? token, CancellationToken cancellationToken)
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
            // Deleted (or bound to someone else) between our read and our write, possibly by another instance.
            await McpErrorWriter.WriteAsync(context, McpHttpError.SessionNotFound(), parsed is { IsBatch: false, Messages: [var only] } ? only.Id : null);
            return;
        }

        SetSessionHeaders(context.Response, session.Id, session.ProtocolVersion);

        // MCP transports: a body of only notifications or responses is answered 202 with no body.
        if (!parsed.HasRequests)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        // Notifications raised while a single request runs (progress, logs) stream back on this POST's response.
        var response = new McpResponseStream(context, !parsed.IsBatch && ContentNegotiation.AcceptsEventStream(context.Request));
        var call = CallContext(context, touched, response);

        var outcomes = new List<RpcOutcome>(parsed.Messages.Count);
        for (var i = 0; i < parsed.Messages.Count; i++)
        {
            var message = parsed.Messages[i];
            switch (message.Kind)
            {
                case IncomingMessageKind.Request:
                    Log.Request(logger, message.Method!, IdForLog(message.Id));
                    outcomes.Add(await dispatcher.DispatchAsync(call, message, access.ToolAt(i), cancellationToken));
                    break;
                case IncomingMessageKind.Invalid:
                    outcomes.Add(RpcOutcome.Failure(message.Id, message.Error!));
                    break;
            }
        }

        // The legacy era answers JSON-RPC errors with 200: the HTTP exchange itself succeeded.
        await response.CompleteAsync(outcomes, parsed.IsBatch, StatusCodes.Status200OK);
    }

    /// <summary>
    /// The session named by the request, never one bound to another user: that answers 404 exactly like an
    /// unknown id, so a session id alone reveals and grants nothing (MCP security best practices, "Session Hijacking").
    /// </summary>
    private async Task<(SessionRecord? Session, McpHttpError? Error)> ResolveSessionAsync(HttpContext context, ValidatedToken? token, CancellationToken cancellationToken)
    {
        var (session, error) = await legacySessions.ResolveAsync(context, cancellationToken);
        if (session is not null && SessionManager.BelongsToAnother(session, token?.Subject))
        {
            Log.SessionOfAnotherSubject(logger, SessionIds.ForLog(session.Id));
            return (null, McpHttpError.SessionNotFound());
        }

        return (session, error);
    }

    /// <summary>What a method handler knows of a legacy request: everything comes from the session row.</summary>
    private static McpCallContext CallContext(HttpContext context, SessionRecord session, McpResponseStream response) => new()
    {
        Era = McpEra.Legacy,
        ProtocolVersion = session.ProtocolVersion,
        HttpContext = context,
        Session = session,
        ClientInfo = session.ClientName is null ? null : new Implementation { Name = session.ClientName, Version = session.ClientVersion ?? string.Empty },
        ClientCapabilities = DeserializeCapabilities(session.ClientCapabilitiesJson),
        LogLevel = session.LogLevel,
        Notifications = response,
    };

    private static void SetSessionHeaders(HttpResponse response, string sessionId, string protocolVersion)
    {
        response.Headers[McpHeaders.SessionId] = sessionId;
        response.Headers[McpHeaders.ProtocolVersion] = protocolVersion;
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

    private static string IdForLog(ModelContextProtocol.Protocol.RequestId? id) => id?.ToString() ?? "none";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "MCP request: method={Method}, id={Id}")]
        public static partial void Request(ILogger logger, string method, string id);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "MCP notification: method={Method}")]
        public static partial void Notification(ILogger logger, string method);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Session {SessionPrefix}… is bound to another subject: answering 404")]
        public static partial void SessionOfAnotherSubject(ILogger logger, string sessionPrefix);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Client capabilities of {Length} characters are not kept with the session")]
        public static partial void CapabilitiesTooLarge(ILogger logger, int length);
    }
}
