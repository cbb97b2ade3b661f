using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// Authenticates a bearer header for one protected resource and a set of scopes: reads the token, validates it,
/// checks the scopes, and answers with the token or the challenge to send (RFC 6750 §3, RFC 9728 §5.1). Whether a
/// request needs a token at all is its caller's decision; this class knows nothing of the protocol it protects.
/// </summary>
internal sealed partial class RequestAuthenticator(
    ITokenValidator validator,
    ProtectedResourceUris resourceUris,
    IOptions<AuthOptions> options,
    ILogger<RequestAuthenticator> logger)
{
    private const int RetryAfterSeconds = 5;
    private readonly AuthOptions _options = options.Value;

    /// <summary>False when <c>Auth:Mode</c> is <c>Disabled</c>: nothing is protected.</summary>
    public bool Enabled => _options.Mode != AuthMode.Disabled;

    /// <summary>
    /// The token of <paramref name="request"/> for the resource at <paramref name="resourcePath"/>, holding every one of
    /// <paramref name="neededScopes"/>; otherwise the challenge. A challenge asks for the server's scopes when the
    /// operation needs no particular one.
    /// </summary>
    public async Task<AuthenticationResult> AuthenticateAsync(
        HttpRequest request, string resourcePath, IReadOnlyList<string> neededScopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadataUrl = resourceUris.MetadataUrlFor(resourcePath);
        var challengeScopes = neededScopes.Count > 0 ? neededScopes : _options.Scopes;
        switch (BearerTokenReader.Read(request, out var token))
        {
            case BearerTokenReader.Outcome.Absent:
                Log.NoToken(logger, request.Method, request.Path);
                return AuthenticationResult.Refused(AuthChallenges.Unauthorized(metadataUrl, challengeScopes));
            case BearerTokenReader.Outcome.Malformed:
                Log.MalformedToken(logger);
                return AuthenticationResult.Refused(AuthChallenges.Unauthorized(metadataUrl, challengeScopes, "invalid_request", "Send exactly one bearer token in the Authorization header."));
        }

        var result = await validator.ValidateAsync(token!, cancellationToken);
        switch (result.Status)
        {
            case TokenValidationStatus.Unavailable:
                Log.ValidationUnavailable(logger, result.FailureReason ?? "unknown");
                return AuthenticationResult.Refused(AuthChallenges.Unavailable(RetryAfterSeconds));
            case TokenValidationStatus.Invalid:
                Log.TokenRejected(logger, result.FailureReason ?? "unknown");
                return AuthenticationResult.Refused(AuthChallenges.Unauthorized(metadataUrl, challengeScopes, "invalid_token", "The access token is invalid, expired, or not issued for this server."));
        }

        var validated = result.Token!;
        var missing = neededScopes.Where(s => !validated.Scopes.Contains(s)).ToList();
        if (missing.Count > 0)
        {
            Log.InsufficientScope(logger, validated.Subject, string.Join(' ', missing));
            return AuthenticationResult.Refused(AuthChallenges.InsufficientScope(metadataUrl, neededScopes));
        }

        return AuthenticationResult.Accepted(validated);
    }

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
