using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Lifetime on the injected clock (RFC 7519 §4.1.4–4.1.5, with the configured skew either way), shared by every JWT
/// validator here: <c>TokenValidationParameters.TimeProvider</c> is internal in IdentityModel 8.x. IdentityModel passes
/// <see cref="DateTime.MinValue"/> for an absent <c>nbf</c> on some paths, so the skew is applied without overflowing.
/// </summary>
internal static class TokenLifetimeRule
{
    public static LifetimeValidator For(TimeProvider timeProvider) =>
        (notBefore, expires, token, parameters) =>
        {
            NumericDateClaims.Require(token);
            return Validate(timeProvider.GetUtcNow().UtcDateTime, notBefore, expires, parameters.ClockSkew);
        };

    public static bool Validate(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        if (expires is not { } exp || exp == DateTime.MinValue)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp claim.");
        }

        if (notBefore is { } nbf && nbf != DateTime.MinValue && nbf > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        if (exp < now - skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        }

        return true;
    }
}
