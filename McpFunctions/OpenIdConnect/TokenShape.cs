using System.Buffers.Text;
using System.Text.Json;

namespace McpFunctions.OpenIdConnect;

/// <summary>
/// Classifies a token without trusting it, as the first seed's <c>verify_token_manual</c> did:
/// a JWS with a <c>kid</c> goes to JWKS; JWE, JWS without <c>kid</c> and opaque tokens go to the IdP.
/// </summary>
internal readonly record struct TokenShape(TokenFormat Format, string? KeyId)
{
    // A protected header is a few hundred bytes; a huge one is not worth decoding to route a token.
    private const int MaxHeaderChars = 8 * 1024;

    public static TokenShape Of(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var segments = token.AsSpan().Count('.') + 1;
        if (segments == 5)
        {
            return new TokenShape(TokenFormat.Encrypted, null);
        }

        if (segments != 3)
        {
            return new TokenShape(TokenFormat.Opaque, null);
        }

        var header = token.AsSpan(0, token.IndexOf('.'));
        if (header.IsEmpty || header.Length > MaxHeaderChars)
        {
            return new TokenShape(TokenFormat.Opaque, null);
        }

        try
        {
            var json = Base64Url.DecodeFromChars(header);
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new TokenShape(TokenFormat.Opaque, null);
            }

            return document.RootElement.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String && kid.GetString() is { Length: > 0 } keyId
                ? new TokenShape(TokenFormat.SignedJwtWithKid, keyId)
                : new TokenShape(TokenFormat.SignedJwtWithoutKid, null);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return new TokenShape(TokenFormat.Opaque, null);
        }
    }
}
