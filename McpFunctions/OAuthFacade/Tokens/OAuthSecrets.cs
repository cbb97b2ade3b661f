using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// The façade's one way to make and keep secrets (DESIGN.md §3, CONVENTIONS "Security primitives"): values from
/// <see cref="RandomNumberGenerator"/>, stored only as SHA-256 (base64url), compared in fixed time.
/// Codes, <c>state</c> values and client secrets are <see cref="NewSecret"/>; refresh tokens are
/// <c>{grantId}.{secret}</c> so the grant is one point read and the secret is compared by hash.
/// </summary>
internal static class OAuthSecrets
{
    /// <summary>Bytes of entropy in a secret: 256 bits, beyond guessing for any lifetime (RFC 6749 §10.10).</summary>
    public const int SecretBytes = 32;

    /// <summary>Bytes of entropy in an id (grant ids, client ids): 128 bits, unguessable and collision-free.</summary>
    public const int IdBytes = 16;

    private const char RefreshTokenSeparator = '.';

    /// <summary>A new secret: 32 random bytes, base64url without padding (43 characters, URL- and Table-key-safe).</summary>
    public static string NewSecret() => Random(SecretBytes);

    /// <summary>A new identifier: 16 random bytes, base64url (22 characters).</summary>
    public static string NewId() => Random(IdBytes);

    /// <summary>SHA-256 of the UTF-8 value, base64url: what is stored for codes, <c>state</c>, refresh tokens and client secrets.</summary>
    public static string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Base64Url.EncodeToString(hash);
    }

    /// <summary>True when <paramref name="candidate"/> hashes to <paramref name="storedHash"/>, compared in fixed time.</summary>
    public static bool MatchesHash(string candidate, string? storedHash)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return storedHash is not null && FixedTimeEquals(Hash(candidate), storedHash);
    }

    /// <summary>Fixed-time comparison of two strings' UTF-8 bytes (the length may leak, the content does not).</summary>
    public static bool FixedTimeEquals(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
    }

    /// <summary>A new refresh token for a grant and the hash to store in <c>GrantRecord.RefreshTokenHash</c>.</summary>
    public static (string Token, string Hash) NewRefreshToken(string grantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        if (grantId.Contains(RefreshTokenSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException("A grant id cannot contain '.'.", nameof(grantId));
        }

        var token = grantId + RefreshTokenSeparator + NewSecret();
        return (token, Hash(token));
    }

    /// <summary>The grant id a refresh token names; false for anything not shaped <c>{grantId}.{secret}</c>.</summary>
    public static bool TryReadGrantId(string? refreshToken, out string grantId)
    {
        grantId = string.Empty;
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 256)
        {
            return false;
        }

        var separator = refreshToken.IndexOf(RefreshTokenSeparator, StringComparison.Ordinal);
        if (separator <= 0 || separator == refreshToken.Length - 1 || refreshToken.IndexOf(RefreshTokenSeparator, separator + 1) >= 0)
        {
            return false;
        }

        var candidate = refreshToken[..separator];
        if (!IsBase64UrlText(candidate))
        {
            return false;
        }

        grantId = candidate;
        return true;
    }

    private static bool IsBase64UrlText(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Random(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
