using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpFunctions.Tests.TestSupport;

/// <summary>Raw Streamable HTTP requests, built the way the seeds' clients send them.</summary>
internal static class McpHttp
{
    public const string InitializeBody = """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"claude-ai","version":"0.1.0"}}}
        """;

    public static HttpRequestMessage Post(string path, string body, string? sessionId = null, string? protocolVersion = null, string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        return request;
    }

    /// <summary>initialize then notifications/initialized; returns the session id.</summary>
    public static async Task<string> HandshakeAsync(HttpClient client, string path = "/mcp", string version = "2025-06-18")
    {
        using var init = await client.SendAsync(Post(path, InitializeBody.Replace("2025-06-18", version, StringComparison.Ordinal)));
        init.EnsureSuccessStatusCode();
        var sessionId = init.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await client.SendAsync(Post(path, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, version));
        if ((int)initialized.StatusCode != 202)
        {
            throw new InvalidOperationException($"notifications/initialized answered {(int)initialized.StatusCode}");
        }

        return sessionId;
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON body");
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues)
        : null;

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;

    /// <summary>
    /// A JSON-RPC error answer as a client reads it: the status, a JSON body with <c>"jsonrpc":"2.0"</c>, the code, a
    /// message that starts as expected, and no exception text. Returns the body for further checks.
    /// </summary>
    public static async Task<JsonNode> AssertJsonRpcErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code, string messageStart)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", ContentType(response)?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal("2.0", (string?)body["jsonrpc"]);
        Assert.Equal(code, (int?)body["error"]?["code"]);
        Assert.StartsWith(messageStart, (string?)body["error"]?["message"] ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return body;
    }

    /// <summary>202 Accepted with nothing in it, as notifications and responses are answered (MCP transports).</summary>
    public static async Task AssertAcceptedAndEmptyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Null(ContentType(response));
    }
}
