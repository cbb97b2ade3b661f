using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// Integrity for the <c>requestState</c> the input-required fixtures hand to the client (SEP-2322: the state
/// comes back from an untrusted client, and a server MUST reject state that fails integrity verification).
/// Payload and HMAC-SHA256 tag, both base64url, joined by a dot; the key lives only in this process.
/// </summary>
internal sealed class ConformanceRequestState
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Protect(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var data = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return $"{Base64Url(data)}.{Base64Url(HMACSHA256.HashData(_key, data))}";
    }

    /// <summary>The payload, or null when the state is malformed or its tag does not verify.</summary>
    public JsonObject? Unprotect(string? state)
    {
        var dot = state?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (state is null || dot <= 0)
        {
            return null;
        }

        try
        {
            var data = Convert.FromBase64String(FromBase64Url(state[..dot]));
            var tag = Convert.FromBase64String(FromBase64Url(state[(dot + 1)..]));
            return CryptographicOperations.FixedTimeEquals(tag, HMACSHA256.HashData(_key, data))
                ? JsonNode.Parse(data) as JsonObject
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return (base64.Length % 4) switch
        {
            2 => base64 + "==",
            3 => base64 + "=",
            _ => base64,
        };
    }
}
