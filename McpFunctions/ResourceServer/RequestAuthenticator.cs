using System.Security.Claims;
using McpFunctions.Mcp;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// Authenticates one MCP request per the method policy: reads the bearer token, validates it (only when
/// the policy needs it — the first seed's initialize is not validated in the <c>seed</c> preset), checks
/// the scopes the operation needs, and answers with the right challenge when anything is missing.
/// </summary>
internal sealed partial class RequestAuthenticator(
    ITokenValidator validator,
    ProtectedResourceUris resourceUris,
    IOptions<AuthOptions> options,
    ILogger<RequestAuthenticator> logger)
{
    private const int RetryAfterSeconds = 5;
    private readonly AuthOptions _options = options.Value;

    public bool Enabled => _options.Mode != AuthMode.Disabled;

    public MethodPolicyPreset Preset => _options.MethodPolicy;

    /// <summary>The server's scopes: what a 401 asks for when the operation needs no particular one.</summary>
    public IReadOnlyList<string> ServerScopes => _options.Scopes;

    public async Task<(ValidatedToken? Token, McpHttpError? Error)> AuthenticateAsync(
        HttpContext context, bool tokenRequired, IReadOnlyList<string> neededScopes, CancellationToken cancellationToken)
    {
        if (!Enabled || !tokenRequired)
        {
            return (null, null);
        }

        var metadataUrl = resourceUris.MetadataUrlFor(McpPath(context));
        var challengeScopes = neededScopes.Count > 0 ? neededScopes : ServerScopes;
        switch (BearerTokenReader.Read(context.Request, out var token))
        {
            case BearerTokenReader.Outcome.Absent:
                Log.NoToken(logger, context.Request.Method, context.Request.Path);
                return (null, AuthChallenges.Unauthorized(metadataUrl, challengeScopes));
            case BearerTokenReader.Outcome.Malformed:
                Log.MalformedToken(logger);
                return (null, AuthChallenges.Unauthorized(metadataUrl, challengeScopes, "invalid_request", "Send exactly one bearer token in the Authorization header."));
        }

        var result = await validator.ValidateAsync(token!, cancellationToken);
        switch (result.Status)
        {
            case TokenValidationStatus.Unavailable:
                Log.ValidationUnavailable(logger, result.FailureReason ?? "unknown");
                return (null, McpHttpError.ServiceUnavailable(RetryAfterSeconds));
            case TokenValidationStatus.Invalid:
                Log.TokenRejected(logger, result.FailureReason ?? "unknown");
                return (null, AuthChallenges.Unauthorized(metadataUrl, challengeScopes, "invalid_token", "The access token is invalid, expired, or not issued for this server."));
        }

        var validated = result.Token!;
        var missing = neededScopes.Where(s => !validated.Scopes.Contains(s)).ToList();
        if (missing.Count > 0)
        {
            Log.InsufficientScope(logger, validated.Subject, string.Join(' ', missing));
            return (null, AuthChallenges.InsufficientScope(metadataUrl, neededScopes));
        }

        context.User = validated.Principal.Identity?.IsAuthenticated == true
            ? validated.Principal
            : new ClaimsPrincipal(new ClaimsIdentity(validated.Principal.Claims, "Bearer"));
        return (validated, null);
    }

    /// <summary>The MCP path a request came on, which names its protected resource.</summary>
    public static string McpPath(HttpContext context) => context.Request.Path.HasValue && context.Request.Path.Value != "/" ? context.Request.Path.Value!.TrimEnd('/') : "/";

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "No bearer token on {Method} {Path}: answering 401 with the protected-resource metadata URL")]
        public static partial void NoToken(ILogger logger, string method, string path);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Malformed Authorization (two headers, a bad value, or a token in the query): answering 401")]
        public static partial void MalformedToken(ILogger logger);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Token rejected: {Reason}")]
        public static partial void TokenRejected(ILogger logger, string reason);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Token validation unavailable ({Reason}): answering 503 so the client retries instead of signing in again")]
        public static partial void ValidationUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Subject {Subject} lacks scope(s) {Scopes}: answering 403 insufficient_scope")]
        public static partial void InsufficientScope(ILogger logger, string subject, string scopes);
    }
}
