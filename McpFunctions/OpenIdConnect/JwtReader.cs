using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Reads a compact JWS (RFC 7515 §7.1) without trusting it, for a validator to check: anything else — a JWE, an
/// opaque token, a header or payload that is not JSON — is simply not read, never an exception.
/// </summary>
internal static class JwtReader
{
    // Reading keeps no state, so one handler serves every caller.
    private static readonly JsonWebTokenHandler Handler = new();

    public static bool TryRead(string token, out JsonWebToken jwt)
    {
        ArgumentNullException.ThrowIfNull(token);
        jwt = null!;
        if (TokenShape.Of(token).Format is not (TokenFormat.SignedJwtWithKid or TokenFormat.SignedJwtWithoutKid) || !Handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            jwt = Handler.ReadJsonWebToken(token);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return false;
        }
    }

    /// <summary>A string claim of the payload, or null.</summary>
    public static string? Claim(JsonWebToken jwt, string type)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        return jwt.TryGetPayloadValue<string>(type, out var value) ? value : null;
    }
}
