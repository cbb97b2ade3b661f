using System.Security.Claims;
using IdentityModelResult = Microsoft.IdentityModel.Tokens.TokenValidationResult;
using McpFunctions.OpenIdConnect;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenValidationResult = McpFunctions.ResourceServer.TokenValidationResult;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// The resource server's validator in façade mode: the façade's own JWTs, checked in-process with the key ring —
/// no discovery or JWKS request to itself — and against the grant they belong to.
/// </summary>
/// <remarks>
/// Checks, in order: compact JWS → <c>typ</c> is <c>at+jwt</c> (RFC 9068 §4) and the algorithm is RS256/ES256 →
/// the key named by <c>kid</c> is in the ring (an unknown kid reloads it once, throttled) → signature, issuer = the
/// façade, audience = one of this server's canonical resources exactly (RFC 8707), lifetime on the injected clock →
/// <c>sub</c>, <c>client_id</c> and <c>gid</c> present → the grant is live, not revoked, and belongs to that client
/// and subject (read at most every <see cref="FacadeTokenDefaults.GrantCheckInterval"/>). A store that cannot be
/// read makes the answer Unavailable (503), not Invalid: the user should not be sent through login again.
/// </remarks>
internal sealed partial class FacadeTokenValidator(
    IFacadeKeyRing keyRing,
    GrantStatusCache grants,
    ProtectedResourceUris resourceUris,
    IOptions<AuthOptions> authOptions,
    TimeProvider timeProvider,
    ILogger<FacadeTokenValidator> logger) : ITokenValidator
{
    private static readonly string[] Algorithms = [SigningKeyMaterial.Rs256, SigningKeyMaterial.Es256];
    private static readonly char[] ScopeSeparators = [' '];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationTally _tally = new(timeProvider);

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var hashPrefix = TokenHash.Prefix(TokenHash.Compute(token));
        var result = await ValidateCoreAsync(token, cancellationToken);
        switch (result.Status)
        {
            case TokenValidationStatus.Valid:
                LogValidated(result.Token!);
                break;
            case TokenValidationStatus.Invalid:
                Log.Rejected(logger, hashPrefix, result.FailureReason ?? "unknown");
                break;
            default:
                Log.Unavailable(logger, hashPrefix, result.FailureReason ?? "unknown");
                break;
        }

        return result;
    }

    /// <summary>Every request at Debug; each subject's first request per period and the period's totals at Information.</summary>
    private void LogValidated(ValidatedToken token)
    {
        var (newSubject, ended) = _tally.Record(token.Subject);
        if (ended is not null)
        {
            Log.ValidatedInPeriod(logger, ended.Count, ended.Subjects, ended.Start, ended.End);
        }

        var scopes = string.Join(' ', token.Scopes.Order(StringComparer.Ordinal));
        if (newSubject)
        {
            Log.FirstValidatedInPeriod(logger, token.Subject, token.ClientId ?? "?", scopes, TokenValidationTally.Period.TotalMinutes);
        }
        else
        {
            Log.Validated(logger, token.Subject, token.ClientId ?? "?", scopes);
        }
    }

    private async Task<TokenValidationResult> ValidateCoreAsync(string token, CancellationToken cancellationToken)
    {
        if (!JwtReader.TryRead(token, out var jwt))
        {
            return TokenValidationResult.Invalid("not a well-formed compact JWS");
        }

        if (!string.Equals(jwt.Typ, FacadeTokenDefaults.AccessTokenType, StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationResult.Invalid($"typ '{jwt.Typ}' is not '{FacadeTokenDefaults.AccessTokenType}' (RFC 9068 §4)");
        }

        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return TokenValidationResult.Invalid($"JWS algorithm '{jwt.Alg}' is not one the façade signs with");
        }

        IReadOnlyList<SecurityKey> keys;
        try
        {
            keys = await GetKeysAsync(jwt.Kid, cancellationToken);
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or StorageUnavailableException)
        {
            return TokenValidationResult.Unavailable("the signing keys could not be read: " + exception.Message);
        }

        var audiences = resourceUris.Resources.ToList();
        var result = await _handler.ValidateTokenAsync(jwt, Parameters(keys, audiences));
        if (!result.IsValid)
        {
            return TokenValidationResult.Invalid(Describe(result, jwt, keyRing.Issuer, audiences));
        }

        var claims = result.ClaimsIdentity.Claims.ToList();
        var subject = First(claims, FacadeClaimNames.Subject);
        var clientId = First(claims, FacadeClaimNames.ClientId);
        var grantId = First(claims, FacadeClaimNames.GrantId);
        if (subject is null || clientId is null || grantId is null)
        {
            return TokenValidationResult.Invalid("the token lacks sub, client_id or gid");
        }

        var grantFailure = await CheckGrantAsync(grantId, clientId, subject, cancellationToken);
        return grantFailure ?? TokenValidationResult.Valid(new ValidatedToken(
            subject,
            Scopes(claims),
            clientId,
            new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero),
            new ClaimsPrincipal(result.ClaimsIdentity),
            TokenValidationMethod.Jwks));
    }

    // A kid this instance has not loaded: another instance may just have rotated, so the ring is read again (throttled).
    private async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        var keys = await keyRing.GetValidationKeysAsync(cancellationToken);
        return string.IsNullOrEmpty(keyId) || keys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal))
            ? keys
            : await keyRing.ReloadValidationKeysAsync(cancellationToken);
    }

    private TokenValidationParameters Parameters(IReadOnlyList<SecurityKey> keys, IReadOnlyCollection<string> audiences) => new()
    {
        ValidIssuer = keyRing.Issuer,
        ValidateIssuer = true,
        ValidAudiences = audiences,
        ValidateAudience = true,

        // The façade writes the canonical resource exactly; IdentityModel would otherwise accept "…/mcp/" for "…/mcp".
        IgnoreTrailingSlashWhenValidatingAudience = false,
        IssuerSigningKeys = keys,
        ValidAlgorithms = Algorithms,
        ValidTypes = [FacadeTokenDefaults.AccessTokenType],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = authOptions.Value.ClockSkew,
        LifetimeValidator = TokenLifetimeRule.For(timeProvider),
        NameClaimType = FacadeClaimNames.Subject,
        AuthenticationType = TokenValidationDefaults.AuthenticationType,
    };

    /// <summary>Null when the grant is live and belongs to this client and subject; otherwise why not.</summary>
    private async Task<TokenValidationResult?> CheckGrantAsync(string grantId, string clientId, string subject, CancellationToken cancellationToken)
    {
        GrantStatus? grant;
        try
        {
            grant = await grants.GetAsync(grantId, cancellationToken);
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or StorageUnavailableException)
        {
            return TokenValidationResult.Unavailable("the grant store could not be read: " + exception.Message);
        }

        if (grant is null || grant.Revoked)
        {
            return TokenValidationResult.Invalid(grant is null ? $"grant {grantId} no longer exists" : $"grant {grantId} has been revoked");
        }

        return string.Equals(grant.ClientId, clientId, StringComparison.Ordinal) && string.Equals(grant.Subject, subject, StringComparison.Ordinal)
            ? null
            : TokenValidationResult.Invalid($"grant {grantId} belongs to another client or subject");
    }

    private static HashSet<string> Scopes(IEnumerable<Claim> claims)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims.Where(c => c.Type == FacadeClaimNames.Scope))
        {
            scopes.UnionWith(claim.Value.Split(ScopeSeparators, StringSplitOptions.RemoveEmptyEntries));
        }

        return scopes;
    }

    private static string? First(IEnumerable<Claim> claims, string type) =>
        claims.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal) && c.Value.Length > 0)?.Value;

    // For operators' logs only, never sent to clients.
    private static string Describe(IdentityModelResult result, JsonWebToken jwt, string issuer, IReadOnlyCollection<string> audiences) => result.Exception switch
    {
        SecurityTokenExpiredException => $"the token expired at {jwt.ValidTo:O}",
        SecurityTokenNotYetValidException => $"the token is not valid before {jwt.ValidFrom:O}",
        SecurityTokenNoExpirationException => "the token has no exp claim",
        SecurityTokenInvalidAudienceException => $"audience [{string.Join(", ", jwt.Audiences)}] is not one of this server's [{string.Join(", ", audiences)}]",
        SecurityTokenInvalidIssuerException => $"issuer '{jwt.Issuer}' is not the façade's '{issuer}'",
        SecurityTokenInvalidTypeException => $"typ '{jwt.Typ}' is not '{FacadeTokenDefaults.AccessTokenType}'",
        SecurityTokenInvalidAlgorithmException => $"JWS algorithm '{jwt.Alg}' is not allowed",
        SecurityTokenSignatureKeyNotFoundException => $"no façade signing key has kid '{jwt.Kid}'",
        SecurityTokenInvalidSignatureException => "the signature does not verify",
        null => "validation failed",
        var other => $"validation failed ({other.GetType().Name})",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 5040, Level = LogLevel.Debug, Message = "Façade token validated for subject {Subject}, client {ClientId}, scopes [{Scopes}]")]
        public static partial void Validated(ILogger logger, string subject, string clientId, string scopes);

        [LoggerMessage(EventId = 5043, Level = LogLevel.Information, Message = "Façade token validated for subject {Subject}, client {ClientId}, scopes [{Scopes}] (this subject's further requests in the next {Minutes} min are logged at Debug)")]
        public static partial void FirstValidatedInPeriod(ILogger logger, string subject, string clientId, string scopes, double minutes);

        [LoggerMessage(EventId = 5044, Level = LogLevel.Information, Message = "Façade tokens validated from {Start:u} to {End:u}: {Count} requests for {Subjects} subject(s)")]
        public static partial void ValidatedInPeriod(ILogger logger, int count, int subjects, DateTimeOffset start, DateTimeOffset end);

        [LoggerMessage(EventId = 5041, Level = LogLevel.Information, Message = "Façade token {TokenHash} rejected: {Reason}")]
        public static partial void Rejected(ILogger logger, string tokenHash, string reason);

        [LoggerMessage(EventId = 5042, Level = LogLevel.Warning, Message = "Façade token {TokenHash} could not be validated: {Reason}")]
        public static partial void Unavailable(ILogger logger, string tokenHash, string reason);
    }
}
