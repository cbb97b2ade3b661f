using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpDoctor.Http;

/// <summary>
/// What came back, or why nothing usable did (<see cref="Error"/>: unreachable, TLS, timeout, too large, redirect loop).
/// Header names are case-insensitive; repeated headers are joined with ", ".
/// </summary>
internal sealed class ProbeResponse
{
    public int Status { get; init; }

    public string? Error { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string Body { get; init; } = "";

    public Uri? FinalUrl { get; init; }

    public bool Ok => Error is null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string ContentType => Header("Content-Type") ?? "";

    /// <summary>Status for a report line: the number, or the reason there is none.</summary>
    public string Describe() => Error ?? $"HTTP {Status}";

    public static ProbeResponse Failed(string error, Uri? url = null) => new() { Error = error, FinalUrl = url };

    /// <summary>
    /// The body as a JSON object, or a plain reason it is not one (an HTML page, malformed JSON, an array).
    /// An event-stream body yields its first JSON data event, as the Streamable HTTP transport allows either.
    /// </summary>
    public bool TryJsonObject(out JsonObject json, out string why)
    {
        json = [];
        if (Error is not null)
        {
            why = Error;
            return false;
        }

        var text = Body;
        if (ContentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            text = FirstSseData(Body) ?? "";
        }
        else if (ContentType.Contains("html", StringComparison.OrdinalIgnoreCase) || Body.TrimStart().StartsWith('<'))
        {
            why = $"HTTP {Status} with an HTML page where JSON was expected";
            return false;
        }

        if (text.Trim().Length == 0)
        {
            why = $"HTTP {Status} with an empty body where JSON was expected";
            return false;
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject obj)
            {
                json = obj;
                why = "";
                return true;
            }

            why = $"HTTP {Status} with JSON that is not an object";
            return false;
        }
        catch (JsonException e)
        {
            // The parser's message names the position, never our own internals.
            why = $"HTTP {Status} with malformed JSON ({e.Message.Split('.')[0]})";
            return false;
        }
    }

    private static string? FirstSseData(string body)
    {
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = string.Join('\n', block.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart()));
            if (data.Trim().Length > 0)
            {
                return data;
            }
        }

        return null;
    }
}
