using System.Security.Cryptography;
using System.Text;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>How a token is named anywhere but on the wire: its SHA-256, never the token itself.</summary>
internal static class TokenHash
{
    /// <summary>The full lowercase hex SHA-256 of the token: the cache key.</summary>
    public static string Compute(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The first 8 hex characters of a hash, enough to follow one token through the logs.</summary>
    public static string Prefix(string hash) => hash[..8];
}
