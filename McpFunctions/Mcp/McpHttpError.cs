using McpFunctions.JsonRpc;
using McpFunctions.ResourceServer;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;

namespace McpFunctions.Mcp;

/// <summary>
/// A transport-level rejection: the HTTP status and the JSON-RPC error body that go with it. This is the
/// one place where a rejection's status is chosen; <see cref="McpErrorWriter"/> renders every one of them.
/// </summary>
internal sealed record McpHttpError(int StatusCode, RpcError Error, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static McpHttpError Parse() => new(StatusCodes.Status400BadRequest, RpcError.ParseError());

    public static McpHttpError InvalidRequest(string message) => new(StatusCodes.Status400BadRequest, RpcError.InvalidRequest(message));

    public static McpHttpError From(RpcError error) => new(StatusCodes.Status400BadRequest, error);

    public static McpHttpError UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, RpcError.InvalidRequest("Unsupported Media Type: Content-Type must be application/json."));

    public static McpHttpError NotAcceptable() =>
        new(StatusCodes.Status406NotAcceptable, RpcError.InvalidRequest("Not Acceptable: the Accept header must allow application/json."));

    public static McpHttpError PayloadTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, RpcError.InvalidRequest($"Payload Too Large: the body exceeds {limit} bytes."));

    /// <summary>MCP transports: a non-initialize request without a session id SHOULD get 400.</summary>
    public static McpHttpError MissingSession() =>
        InvalidRequest("Bad Request: Mcp-Session-Id header is required; send initialize first.");

    /// <summary>
    /// MCP transports: an unknown or terminated session MUST get 404, which tells the client to start a
    /// new session with initialize (the second seed's 400 would leave it stuck; DESIGN.md §5).
    /// </summary>
    public static McpHttpError SessionNotFound() =>
        new(StatusCodes.Status404NotFound, new RpcError((int)McpErrorCode.InvalidRequest, "Session not found: it expired or was terminated; send initialize to start a new one."));

    public static McpHttpError UnsupportedProtocolVersion(string version, IEnumerable<string> supported) =>
        InvalidRequest($"Bad Request: unsupported MCP-Protocol-Version '{version}'. Supported: {string.Join(", ", supported)}.");

    /// <summary>2026-07-28: a required header is missing or disagrees with the body (-32020, HTTP 400).</summary>
    public static McpHttpError HeaderMismatch(string message) =>
        new(StatusCodes.Status400BadRequest, new RpcError((int)McpErrorCode.HeaderMismatch, $"Header mismatch: {message}"));

    /// <summary>2026-07-28: -32022 with the versions this server supports and the one requested.</summary>
    public static McpHttpError UnsupportedModernVersion(string requested, IEnumerable<string> supported) =>
        new(StatusCodes.Status400BadRequest, new RpcError((int)McpErrorCode.UnsupportedProtocolVersion, "Unsupported protocol version",
            new System.Text.Json.Nodes.JsonObject
            {
                ["supported"] = new System.Text.Json.Nodes.JsonArray([.. supported.Select(v => System.Text.Json.Nodes.JsonValue.Create(v))]),
                ["requested"] = requested,
            }));

    /// <summary>A request that is well-formed JSON-RPC but lacks what the revision requires in params (-32602, HTTP 400).</summary>
    public static McpHttpError InvalidParams(string message) => new(StatusCodes.Status400BadRequest, RpcError.InvalidParams(message));

    /// <summary>2026-07-28: an unknown or removed method is 404 with -32601 (the legacy era answers 200).</summary>
    public static McpHttpError MethodNotFound(string method, string version) =>
        new(StatusCodes.Status404NotFound, new RpcError((int)McpErrorCode.MethodNotFound, $"Method '{method}' is not available on protocol version '{version}'."));

    public static McpHttpError ProtocolVersionMismatch(string header, string negotiated) =>
        InvalidRequest($"Bad Request: MCP-Protocol-Version '{header}' does not match the session's negotiated version '{negotiated}'.");

    /// <summary>405 with <c>Allow</c>: "POST-only server, continue" to clients probing for SSE (first seed, step 3.3; never 501).</summary>
    public static McpHttpError MethodNotAllowed(string allow) =>
        new(StatusCodes.Status405MethodNotAllowed, RpcError.InvalidRequest("Method Not Allowed: this endpoint does not offer an SSE stream; use POST."), [new(HeaderNames.Allow, allow)]);

    public static McpHttpError ForbiddenOrigin() =>
        new(StatusCodes.Status403Forbidden, RpcError.InvalidRequest("Forbidden: Origin not allowed."));

    public static McpHttpError ForbiddenHost() =>
        new(StatusCodes.Status403Forbidden, RpcError.InvalidRequest("Forbidden: Host not allowed."));

    public static McpHttpError TooManyRequests(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, RpcError.InvalidRequest("Too Many Requests: too many new sessions without a token from this address; retry later."),
            [new(HeaderNames.RetryAfter, retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    /// <summary>The resource server's refusal in this transport's terms: its status and <c>WWW-Authenticate</c>, a JSON-RPC body.</summary>
    public static McpHttpError FromChallenge(AuthChallenge challenge) => challenge.Kind switch
    {
        AuthChallengeKind.Unavailable => ServiceUnavailable(challenge.RetryAfterSeconds ?? 5),
        AuthChallengeKind.InsufficientScope => new(challenge.StatusCode,
            new RpcError((int)McpErrorCode.InvalidRequest, $"Forbidden: {challenge.Description}"),
            [new(HeaderNames.WWWAuthenticate, challenge.WwwAuthenticate!)]),
        _ => new(challenge.StatusCode,
            new RpcError((int)McpErrorCode.InvalidRequest, challenge.Description is null ? "Unauthorized: a valid bearer token is required." : $"Unauthorized: {challenge.Description}"),
            [new(HeaderNames.WWWAuthenticate, challenge.WwwAuthenticate!)]),
    };

    public static McpHttpError ServiceUnavailable(int retryAfterSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, new RpcError((int)McpErrorCode.InternalError, "Service temporarily unavailable; retry shortly."),
            [new(HeaderNames.RetryAfter, retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
}
