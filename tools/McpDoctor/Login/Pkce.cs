using System.Security.Cryptography;
using System.Text;

namespace McpDoctor.Login;

/// <summary>PKCE with S256 only (RFC 7636 §4.1–4.2; MCP authorization requires S256), and random state.</summary>
internal static class Pkce
{
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
