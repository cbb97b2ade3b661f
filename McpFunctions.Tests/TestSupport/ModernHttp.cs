using System.Text;
using System.Text.Json.Nodes;

namespace McpFunctions.Tests.TestSupport;

/// <summary>Raw 2026-07-28 requests, following the revision's examples: version and capabilities in <c>_meta</c>, standard headers.</summary>
internal static class ModernHttp
{
    public const string Version = "2026-07-28";

    /// <summary>A request with <c>_meta</c> filled in and matching MCP-Protocol-Version / Mcp-Method / Mcp-Name headers.</summary>
    public static HttpRequestMessage Request(string path, object id, string method, JsonObject? parameters = null, string? name = null, string accept = "application/json, text/event-stream")
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Version,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw-http-test", ["version"] = "1.0.0" },
        };
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = JsonValue.Create(id),
            ["method"] = method,
            ["params"] = parameters,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.Add("MCP-Protocol-Version", Version);
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>Reads an SSE body into its JSON events, in order.</summary>
    public static async Task<List<JsonNode>> ReadEventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var events = new List<JsonNode>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = string.Join('\n', block.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]));
            if (data.Length > 0)
            {
                events.Add(JsonNode.Parse(data)!);
            }
        }

        return events;
    }
}
