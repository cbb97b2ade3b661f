using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using McpFunctions.OAuthFacade.Tokens;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>RFC 7636 with S256 only (MCP authorization: PKCE is required; OAuth 2.1 §7.5.2: <c>plain</c> is not offered).</summary>
internal static class Pkce
{
    /// <summary>RFC 7636 §4.2: <c>BASE64URL(SHA256(ASCII(code_verifier)))</c>.</summary>
    public static string S256Challenge(string verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>RFC 7636 §4.1 (verifier) and §4.2 (an S256 challenge is 43 characters): 43–128 unreserved characters.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: >= 43 and <= 128 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    /// <summary>RFC 7636 §4.6: the verifier's S256 equals the stored challenge, compared in fixed time.</summary>
    public static bool Verifies(string verifier, string challenge) =>
        IsWellFormed(verifier) && OAuthSecrets.FixedTimeEquals(S256Challenge(verifier), challenge);

    /// <summary>A verifier for the façade's own upstream requests: 32 random bytes, 43 base64url characters.</summary>
    public static string NewVerifier() => OAuthSecrets.NewSecret();
}
