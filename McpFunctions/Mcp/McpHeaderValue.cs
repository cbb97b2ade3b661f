using System.Buffers.Text;
using System.Text;

namespace McpFunctions.Mcp;

/// <summary>
/// 2026-07-28 Streamable HTTP, "Standard Headers": values that are not plain ASCII travel as
/// <c>=?base64?{Base64(UTF-8)}?=</c> (lowercase markers, case-sensitive) and servers MUST decode them
/// before comparing with the body.
/// </summary>
internal static class McpHeaderValue
{
    private const string Prefix = "=?base64?";
    private const string Suffix = "?=";

    /// <summary>The decoded value, or null when the encoded form is malformed (which is a header mismatch).</summary>
    public static string? Decode(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.StartsWith(Prefix, StringComparison.Ordinal) || !trimmed.EndsWith(Suffix, StringComparison.Ordinal) || trimmed.Length < Prefix.Length + Suffix.Length)
        {
            return trimmed;
        }

        var payload = trimmed[Prefix.Length..^Suffix.Length];
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
        if (Convert.TryFromBase64String(payload, bytes, out var written))
        {
            try
            {
                return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        return null;
    }
}
