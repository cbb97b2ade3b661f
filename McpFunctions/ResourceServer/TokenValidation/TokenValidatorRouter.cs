using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// The <see cref="ITokenValidator"/> the app uses: picks a validation method by the token's shape, as the
/// first seed's <c>verify_token_manual</c> did, and caches the outcome by token hash.
/// </summary>
/// <remarks>
/// Routing: a compact JWS whose header has a <c>kid</c> → JWKS. A JWE (the seed's Auth0 token), a JWS
/// without <c>kid</c>, or an opaque token → introspection if enabled, else userinfo if enabled, else Invalid.
/// The operator's story (seed Phase 4): "Validating token", "Token has no kid — validating via userinfo",
/// "Token validated for subject … via … in … ms". Tokens are named in logs by a hash prefix only.
/// </remarks>
internal sealed partial class TokenValidatorRouter(
    JwtTokenValidator jwks,
    IntrospectionTokenValidator introspection,
    UserinfoTokenValidator userinfo,
    TokenValidationCache cache,
    IOptions<AuthOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenValidatorRouter> logger) : ITokenValidator
{
    public const string NoMethodForUnsignedTokens =
        "token is not a signed JWT with a kid and neither introspection nor userinfo is configured";

    private readonly AuthOptions _options = options.Value;

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (string.IsNullOrWhiteSpace(token))
        {
            return TokenValidationResult.Invalid("empty token");
        }

        var hash = TokenHash.Compute(token);
        var hashPrefix = TokenHash.Prefix(hash);
        var (result, shared) = await cache.GetOrValidateAsync(hash, () => ValidateUncachedAsync(token, hashPrefix), cancellationToken);
        if (shared)
        {
            Log.ReusedResult(logger, hashPrefix, result.Status);
        }

        return result;
    }

    private async Task<TokenValidationResult> ValidateUncachedAsync(string token, string hashPrefix)
    {
        Log.ValidatingToken(logger, hashPrefix);
        var started = timeProvider.GetTimestamp();
        var shape = TokenShape.Of(token);

        ITokenValidator validator;
        TokenValidationMethod method;
        if (shape.Format == TokenFormat.SignedJwtWithKid)
        {
            Log.ValidatingViaJwks(logger, UntrustedText.Shorten(shape.KeyId));
            (validator, method) = (jwks, TokenValidationMethod.Jwks);
        }
        else if (_options.Introspection.Enabled || _options.Userinfo.Enabled)
        {
            (validator, method) = _options.Introspection.Enabled
                ? ((ITokenValidator)introspection, TokenValidationMethod.Introspection)
                : (userinfo, TokenValidationMethod.Userinfo);
            Log.NoKeyId(logger, MethodName(method), shape.Format, hashPrefix);
        }
        else
        {
            Log.Rejected(logger, hashPrefix, "none", NoMethodForUnsignedTokens);
            return TokenValidationResult.Invalid(NoMethodForUnsignedTokens);
        }

        // Shared by every request waiting on this token (see TokenValidationCache): no single caller's
        // cancellation applies; the backchannel timeout bounds it.
        var result = await validator.ValidateAsync(token, CancellationToken.None);
        var elapsedMs = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        switch (result.Status)
        {
            case TokenValidationStatus.Valid:
                var validated = result.Token!;
                Log.Validated(logger, validated.Subject, MethodName(method), string.Join(", ", validated.Scopes.Order(StringComparer.Ordinal)), elapsedMs);
                break;
            case TokenValidationStatus.Invalid:
                Log.Rejected(logger, hashPrefix, MethodName(method), result.FailureReason ?? "unknown");
                break;
            default:
                Log.Unavailable(logger, hashPrefix, MethodName(method), result.FailureReason ?? "unknown", elapsedMs);
                break;
        }

        return result;
    }

    private static string MethodName(TokenValidationMethod method) => method switch
    {
        TokenValidationMethod.Jwks => "JWKS",
        TokenValidationMethod.Introspection => "introspection",
        _ => "userinfo",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Validating token {TokenHash}")]
        public static partial void ValidatingToken(ILogger logger, string tokenHash);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Token key id (kid): {KeyId} — validating via JWKS")]
        public static partial void ValidatingViaJwks(ILogger logger, string keyId);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Token has no kid — validating via {Method} ({Format} token {TokenHash})")]
        public static partial void NoKeyId(ILogger logger, string method, TokenFormat format, string tokenHash);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Token validated for subject {Subject} via {Method}, scopes [{Scopes}] in {ElapsedMs} ms")]
        public static partial void Validated(ILogger logger, string subject, string method, string scopes, long elapsedMs);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Token {TokenHash} rejected via {Method}: {Reason}")]
        public static partial void Rejected(ILogger logger, string tokenHash, string method, string reason);

        [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Token {TokenHash} could not be validated via {Method} after {ElapsedMs} ms: {Reason}")]
        public static partial void Unavailable(ILogger logger, string tokenHash, string method, string reason, long elapsedMs);

        [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "Token {TokenHash}: reused the cached validation result ({Status})")]
        public static partial void ReusedResult(ILogger logger, string tokenHash, TokenValidationStatus status);
    }
}
