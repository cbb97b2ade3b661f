using System.Buffers.Text;
using System.Security.Cryptography;

namespace McpFunctions.Sessions;

/// <summary>
/// Session ids: 192 bits from the OS CSPRNG, base64url (visible ASCII, as MCP transports require, and
/// safe as a Table Storage key). Logs carry only a prefix.
/// </summary>
internal static class SessionIds
{
    private const int RandomBytes = 24;
    private const int MaxLength = 128;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Rejects values that could not have been issued here before touching the store.</summary>
    public static bool IsWellFormed(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Enough to follow one session through the logs, not enough to use it.</summary>
    public static string ForLog(string sessionId) => sessionId.Length <= 8 ? sessionId : sessionId[..8];
}
