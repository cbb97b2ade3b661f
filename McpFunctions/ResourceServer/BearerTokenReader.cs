using System.Diagnostics.CodeAnalysis;
using Microsoft.Net.Http.Headers;

namespace McpFunctions.ResourceServer;

/// <summary>Reads the bearer token from a request, the only way this server accepts one (RFC 6750 §2.1).</summary>
internal static class BearerTokenReader
{
    private const string Scheme = "Bearer";

    public enum Outcome
    {
        Absent,
        Present,

        /// <summary>Two Authorization headers, a malformed value, or a token in the query string (RFC 6750 §2.3 is not supported: tokens in URLs leak into logs).</summary>
        Malformed,
    }

    public static Outcome Read(HttpRequest request, [NotNullWhen(true)] out string? token)
    {
        token = null;
        if (request.Query.ContainsKey("access_token"))
        {
            return Outcome.Malformed;
        }

        var values = request.Headers[HeaderNames.Authorization];
        if (values.Count == 0)
        {
            return Outcome.Absent;
        }

        if (values.Count > 1)
        {
            return Outcome.Malformed;
        }

        var value = values[0] ?? string.Empty;
        if (!value.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme (Basic, DPoP) is not a bearer token; treat as absent so the client learns how to authenticate.
            return value.Length == 0 ? Outcome.Malformed : Outcome.Absent;
        }

        var candidate = value[(Scheme.Length + 1)..].Trim();
        if (candidate.Length == 0 || !IsToken68(candidate))
        {
            return Outcome.Malformed;
        }

        token = candidate;
        return Outcome.Present;
    }

    // RFC 6750 §2.1 b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=" padding.
    private static bool IsToken68(string value)
    {
        var i = 0;
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~' or '+' or '/'))
            {
                break;
            }
        }

        for (; i < value.Length; i++)
        {
            if (value[i] != '=')
            {
                return false;
            }
        }

        return true;
    }
}
