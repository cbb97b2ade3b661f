using System.Security.Claims;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using IdentityModelResult = Microsoft.IdentityModel.Tokens.TokenValidationResult;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Validates a signed JWT access token locally against the authorization server's JWKS (DESIGN.md §4):
/// issuer = the metadata's issuer, audience = one of this server's canonical resource URLs (RFC 8707,
/// MCP authorization "Token Audience Binding"), lifetime with clock skew on the injected clock, and an
/// asymmetric-only algorithm allow-list. A token naming an unknown key reloads the keys once (rollover).
/// </summary>
/// <remarks>
/// Checks, in order: parseable compact JWS → algorithm allowed → metadata and keys loaded (else
/// Unavailable) → unknown kid reloads keys (throttled) → signature, issuer, audience, lifetime → subject present.
/// </remarks>
internal sealed partial class JwtTokenValidator(
    AuthorizationServerMetadata metadata,
    ProtectedResourceUris resourceUris,
    IOptions<AuthOptions> options,
    TimeProvider timeProvider,
    ILogger<JwtTokenValidator> logger) : ITokenValidator
{
    private readonly AuthOptions _options = options.Value;
    private readonly JsonWebTokenHandler _handler = new();

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!metadata.IsConfigured)
        {
            return TokenValidationResult.Invalid("JWKS validation needs Auth:Authority or Auth:MetadataAddress, and neither is set");
        }

        if (!JwtReader.TryRead(token, out var jwt))
        {
            return TokenValidationResult.Invalid("not a well-formed compact JWS");
        }

        var allowedAlgorithms = AllowedAlgorithms(_options);
        if (!allowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return TokenValidationResult.Invalid($"JWS algorithm '{UntrustedText.Shorten(jwt.Alg)}' is not allowed (allowed: {string.Join(", ", allowedAlgorithms)})");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await GetKeysAsync(jwt.Kid, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            Log.MetadataUnavailable(logger, exception.Message);
            return TokenValidationResult.Unavailable("authorization server metadata or keys could not be loaded: " + exception.Message);
        }

        var issuer = string.IsNullOrEmpty(configuration.Issuer) ? metadata.ConfiguredIssuer : configuration.Issuer;
        var audiences = resourceUris.AcceptedAudiences();
        var result = await _handler.ValidateTokenAsync(jwt, Parameters(configuration, issuer, audiences, allowedAlgorithms));
        return result.IsValid
            ? Accept(result, jwt)
            : TokenValidationResult.Invalid(Describe(result, jwt, issuer, audiences));
    }

    // Key rollover: a kid the cached JWKS lacks reloads it once (throttled, shared by concurrent tokens).
    private async Task<OpenIdConnectConfiguration> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        if (string.IsNullOrEmpty(keyId) || ProviderMetadata.HasKey(configuration, keyId))
        {
            return configuration;
        }

        // Throttled: another token's reload may just have swapped in the keys this one needs.
        Log.UnknownKeyId(logger, UntrustedText.Shorten(keyId));
        return await metadata.ReloadForUnknownKeyAsync(cancellationToken) ?? await metadata.GetAsync(cancellationToken);
    }

    private TokenValidationParameters Parameters(
        OpenIdConnectConfiguration configuration, string? issuer, IReadOnlyCollection<string> audiences, IReadOnlyList<string> allowedAlgorithms) => new()
    {
        ValidIssuer = issuer,
        ValidateIssuer = true,
        ValidAudiences = audiences,
        ValidateAudience = true,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = allowedAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = TokenLifetimeRule.For(timeProvider),
        NameClaimType = TokenClaimNames.Subject,
        AuthenticationType = TokenValidationDefaults.AuthenticationType,
    };

    private static TokenValidationResult Accept(IdentityModelResult result, JsonWebToken jwt)
    {
        var claims = result.ClaimsIdentity.Claims.ToList();
        var subject = TokenClaimReader.First(claims, TokenClaimNames.Subject);
        if (subject is null)
        {
            return TokenValidationResult.Invalid("the token has no sub claim");
        }

        return TokenValidationResult.Valid(new ValidatedToken(
            subject,
            TokenClaimReader.Scopes(claims),
            TokenClaimReader.ClientId(claims),
            jwt.ValidTo == DateTime.MinValue ? null : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero),
            new ClaimsPrincipal(result.ClaimsIdentity),
            TokenValidationMethod.Jwks));
    }

    /// <summary>The configured algorithms minus any that could never be safe here: <c>none</c> and HMAC (RFC 8725 §3.1–3.2).</summary>
    public static IReadOnlyList<string> AllowedAlgorithms(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.ValidAlgorithms.Count > 0 ? options.ValidAlgorithms : [.. AuthOptions.DefaultAlgorithms];
        return [.. configured.Where(a => !IsForbiddenAlgorithm(a)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <c>none</c> carries no signature, and an HMAC key would have to be shared with every resource server
    /// (and HS256 "signed" with the public RSA key is the classic key-confusion forgery).
    /// </summary>
    public static bool IsForbiddenAlgorithm(string algorithm) =>
        string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase) || algorithm.StartsWith("HS", StringComparison.OrdinalIgnoreCase);

    // FailureReason is for operators' logs only: name the rule that failed and the values to compare,
    // since a wrong audience (the Auth0 API identifier) is the most common misconfiguration.
    private static string Describe(IdentityModelResult result, JsonWebToken jwt, string? issuer, IReadOnlyCollection<string> audiences) => result.Exception switch
    {
        SecurityTokenExpiredException => $"the token expired at {jwt.ValidTo:O}",
        SecurityTokenNotYetValidException => $"the token is not valid before {jwt.ValidFrom:O}",
        SecurityTokenNoExpirationException => "the token has no exp claim",
        SecurityTokenInvalidAudienceException => $"audience [{UntrustedText.Shorten(string.Join(", ", jwt.Audiences))}] is not one of this server's [{string.Join(", ", audiences)}]",
        SecurityTokenInvalidIssuerException => $"issuer '{UntrustedText.Shorten(jwt.Issuer)}' is not '{issuer}'",
        SecurityTokenInvalidAlgorithmException => $"JWS algorithm '{UntrustedText.Shorten(jwt.Alg)}' is not allowed",
        SecurityTokenSignatureKeyNotFoundException => $"no signing key with kid '{UntrustedText.Shorten(jwt.Kid)}' in the authorization server's JWKS",
        SecurityTokenInvalidSignatureException => "the signature does not verify",
        null => "validation failed",
        var other => $"validation failed ({other.GetType().Name})",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Token names key id {KeyId}, which the JWKS does not have: reloading keys (at most once per 5 minutes)")]
        public static partial void UnknownKeyId(ILogger logger, string keyId);

        [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "Authorization server metadata or JWKS could not be loaded: {Reason}")]
        public static partial void MetadataUnavailable(ILogger logger, string reason);
    }
}
