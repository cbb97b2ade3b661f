using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpFunctions.Tests.BadInput;

/// <summary>What every answer to bad input must be: a client error with a body a client can read, and nothing internal.</summary>
internal static class ResponseChecks
{
    /// <summary>Words that only appear when an exception or a stack trace leaked.</summary>
    private static readonly string[] InternalMarkers = ["Exception", "   at ", "System.", "Microsoft.", "ModelContextProtocol.", "McpFunctions.", "stack", ".cs:line"];

    /// <summary>Null when the answer is acceptable; otherwise what is wrong with it.</summary>
    public static async Task<string?> JsonRpcErrorProblemAsync(HttpResponseMessage response, int status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != status)
        {
            return $"status {(int)response.StatusCode}, expected {status}: {Shorten(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"content type {response.Content.Headers.ContentType}, expected application/json";
        }

        if (LeakProblem(text) is { } leak)
        {
            return leak;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return $"body is not JSON: {Shorten(text)}";
        }

        var actual = (int?)body?["error"]?["code"];
        return actual == code && (string?)body?["jsonrpc"] == "2.0"
            ? null
            : $"JSON-RPC code {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {code}: {Shorten(text)}";
    }

    /// <summary>Null when the text shows nothing internal.</summary>
    public static string? LeakProblem(string text)
    {
        foreach (var marker in InternalMarkers)
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return $"body contains '{marker}': {Shorten(text)}";
            }
        }

        return null;
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
