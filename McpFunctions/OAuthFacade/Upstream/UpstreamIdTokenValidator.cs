using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// The ID token from the upstream token endpoint (OIDC Core §3.1.3.7), checked before anyone is signed in.
/// </summary>
/// <remarks>
/// Checks, in order: a compact JWS → its algorithm is asymmetric → signature against the provider's JWKS (one shared
/// reload for an unknown key) → issuer = the discovery issuer → audience = our client id (and <c>azp</c> when there are
/// several) → lifetime on the injected clock → nonce = ours (fixed time) → <c>sub</c> present.
/// </remarks>
internal sealed class UpstreamIdTokenValidator(IOptions<FacadeOptions> options, UpstreamMetadata metadata, TimeProvider timeProvider)
{
    private readonly UpstreamOptions _options = options.Value.Upstream;
    private readonly JsonWebTokenHandler _handler = new();

    public async Task<UpstreamStep<JsonWebToken>> ValidateAsync(
        string idToken, string expectedNonce, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!JwtReader.TryRead(idToken, out var jwt))
        {
            return UpstreamStep<JsonWebToken>.Failure("not a well-formed JWT");
        }

        if (!UpstreamDefaults.IdTokenAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return UpstreamStep<JsonWebToken>.Failure($"JWS algorithm '{UntrustedText.Shorten(jwt.Alg)}' is not allowed");
        }

        configuration = await metadata.WithKeyAsync(configuration, jwt.Kid, cancellationToken);
        var result = await _handler.ValidateTokenAsync(jwt, Parameters(configuration));
        if (!result.IsValid)
        {
            return UpstreamStep<JsonWebToken>.Failure(Describe(result.Exception, jwt, configuration));
        }

        // OIDC Core §3.1.3.7: with several audiences, azp must be this client.
        if (jwt.Audiences.Count() > 1 && JwtReader.Claim(jwt, "azp") != _options.ClientId)
        {
            return UpstreamStep<JsonWebToken>.Failure("the ID token has several audiences and its azp is not the façade's client id");
        }

        var nonce = JwtReader.Claim(jwt, OAuthConstants.Parameters.Nonce);
        if (nonce is null || !OAuthSecrets.FixedTimeEquals(nonce, expectedNonce))
        {
            return UpstreamStep<JsonWebToken>.Failure("the nonce does not match the one sent with the authorization request");
        }

        return string.IsNullOrEmpty(jwt.Subject)
            ? UpstreamStep<JsonWebToken>.Failure("the ID token has no sub claim")
            : UpstreamStep<JsonWebToken>.Success(jwt);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidateIssuer = true,
        ValidAudience = _options.ClientId,
        ValidateAudience = true,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = UpstreamDefaults.IdTokenAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        LifetimeValidator = TokenLifetimeRule.For(timeProvider),
        ClockSkew = UpstreamDefaults.ClockSkew,
    };

    // For the operator's log only; the client gets server_error.
    private static string Describe(Exception? exception, JsonWebToken jwt, OpenIdConnectConfiguration configuration) => exception switch
    {
        SecurityTokenInvalidIssuerException => $"issuer '{UntrustedText.Shorten(jwt.Issuer)}' is not '{configuration.Issuer}' (use a tenant-specific authority for Entra ID)",
        SecurityTokenInvalidAudienceException => $"audience [{UntrustedText.Shorten(string.Join(", ", jwt.Audiences))}] is not the façade's client id",
        SecurityTokenExpiredException => "the ID token has expired",
        SecurityTokenNotYetValidException => "the ID token is not valid yet",
        SecurityTokenNoExpirationException => "the ID token has no exp claim",
        SecurityTokenSignatureKeyNotFoundException => $"no key with kid '{UntrustedText.Shorten(jwt.Kid)}' in the provider's JWKS",
        SecurityTokenInvalidSignatureException => "the signature does not verify",
        null => "validation failed",
        var other => $"validation failed ({other.GetType().Name}: {other.Message})",
    };
}
