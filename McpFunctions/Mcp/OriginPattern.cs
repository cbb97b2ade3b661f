using System.Diagnostics.CodeAnalysis;

namespace McpFunctions.Mcp;

/// <summary>
/// One allowed browser origin: <c>scheme://host[:port]</c>, where the port may be <c>*</c> so that
/// loopback clients on ephemeral ports (MCP Inspector, Claude Code) match (RFC 6454 origin).
/// </summary>
internal sealed record OriginPattern(string Scheme, string Host, int? Port)
{
    public static bool TryParse(string value, [NotNullWhen(true)] out OriginPattern? pattern)
    {
        pattern = null;
        var anyPort = value.EndsWith(":*", StringComparison.Ordinal);
        var candidate = anyPort ? value[..^2] : value;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || candidate.EndsWith('/') || !string.IsNullOrEmpty(uri.Query))
        {
            return false;
        }

        pattern = new OriginPattern(uri.Scheme, uri.Host, anyPort ? null : uri.Port);
        return true;
    }

    public bool Matches(Uri origin) =>
        string.Equals(origin.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(origin.Host, Host, StringComparison.OrdinalIgnoreCase)
        && (Port is null || origin.Port == Port);
}
