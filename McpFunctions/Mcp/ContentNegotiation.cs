using Microsoft.Net.Http.Headers;

namespace McpFunctions.Mcp;

/// <summary>Content-Type and Accept checks for POST (MCP Streamable HTTP, "Sending Messages to the Server").</summary>
internal static class ContentNegotiation
{
    public static bool IsJsonContentType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A missing Accept is accepted (the first seed's Claude requests do not always send one, and the second
    /// seed warns against over-strict checks); an Accept that rules JSON out gets 406.
    /// </summary>
    public static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var values) || values.Count == 0)
        {
            return true;
        }

        foreach (var value in values)
        {
            if (value.Quality is 0)
            {
                continue;
            }

            var type = value.MediaType;
            if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || type.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the client can read an SSE response (used when a tool streams progress).</summary>
    public static bool AcceptsEventStream(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var values))
        {
            return false;
        }

        return values.Any(v => v.Quality is not 0 && v.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));
    }
}
