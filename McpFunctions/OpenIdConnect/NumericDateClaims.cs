using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// RFC 7519 §4.1.4–4.1.6: <c>exp</c>, <c>nbf</c> and <c>iat</c> are NumericDate values, JSON numbers. IdentityModel
/// also reads a string such as <c>"exp":"9999999999"</c> as a date, so every JWT validator here checks the payload's
/// JSON types itself before trusting the lifetime.
/// </summary>
internal static class NumericDateClaims
{
    private static readonly string[] Names = ["exp", "nbf", "iat"];

    /// <summary>Throws <see cref="SecurityTokenInvalidLifetimeException"/> when a date claim is present with any non-number type.</summary>
    public static void Require(SecurityToken token)
    {
        if (token is not JsonWebToken jwt)
        {
            return;
        }

        if (NonNumericClaim(jwt.EncodedPayload) is { } name)
        {
            throw new SecurityTokenInvalidLifetimeException($"The '{name}' claim is not a NumericDate (RFC 7519 §4.1.4): it must be a JSON number.");
        }
    }

    /// <summary>The first of exp/nbf/iat present with a non-number JSON type in the base64url payload, or null.</summary>
    public static string? NonNumericClaim(string encodedPayload)
    {
        byte[] payload;
        try
        {
            payload = Base64UrlEncoder.DecodeBytes(encodedPayload);
        }
        catch (FormatException)
        {
            return "payload";
        }

        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "payload";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? name = null;
                foreach (var candidate in Names)
                {
                    name ??= reader.ValueTextEquals(candidate) ? candidate : null;
                }

                reader.Read();
                if (name is not null && reader.TokenType != JsonTokenType.Number)
                {
                    return name;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return "payload";
        }

        return null;
    }
}
