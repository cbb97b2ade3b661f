using System.Text.Json.Nodes;

namespace McpDoctor.Http;

/// <summary>The MCP vocabulary the doctor speaks, and requests built the way Claude's clients send them.</summary>
internal static class McpWire
{
    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";

    /// <summary>The version Claude.ai connectors negotiate in the first seed's logs.</summary>
    public const string ClaudeLegacyVersion = "2025-06-18";

    public const string LatestLegacyVersion = "2025-11-25";

    /// <summary>The stateless revision: no initialize; version and capabilities travel in every request's _meta.</summary>
    public const string ModernVersion = "2026-07-28";

    public const string Accept = "application/json, text/event-stream";

    public static string Initialize(string version = ClaudeLegacyVersion) =>
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":""" + "\"" + version + "\"" + ""","capabilities":{},"clientInfo":{"name":"mcp-doctor","version":"1.0.0"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static string Request(string method, int id, JsonObject? parameters = null) =>
        new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] }.ToJsonString();

    /// <summary>A 2026-07-28 request: protocol version, capabilities and client info in the request's _meta.</summary>
    public static string ModernRequest(string method, int id, JsonObject? parameters = null)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = ModernVersion,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "mcp-doctor", ["version"] = "1.0.0" },
        };
        return Request(method, id, parameters);
    }

    /// <summary>A POST to the endpoint with the Accept header every Streamable HTTP client sends.</summary>
    public static ProbeRequest Post(Uri endpoint, string body, string? sessionId = null, string? version = null, bool authenticate = true)
    {
        var request = new ProbeRequest(HttpMethod.Post, endpoint) { Body = body, Authenticate = authenticate }.WithHeader("Accept", Accept);
        if (sessionId is not null)
        {
            request = request.WithHeader(SessionIdHeader, sessionId);
        }

        return version is null ? request : request.WithHeader(ProtocolVersionHeader, version);
    }

    /// <summary>A JSON-RPC response with a result (true), or the reason there is none: an error object, a non-2xx status, a body that is not JSON.</summary>
    public static bool TryResult(ProbeResponse response, out JsonObject result, out string why)
    {
        result = [];
        if (!response.TryJsonObject(out var message, out why))
        {
            return false;
        }

        if (message["result"] is JsonObject ok)
        {
            result = ok;
            return response.Status is >= 200 and < 300 || Fail(out why, $"HTTP {response.Status} with a result");
        }

        if (message["error"] is JsonObject error)
        {
            why = $"HTTP {response.Status}, JSON-RPC error {error["code"]?.ToJsonString() ?? "?"}: {Shorten(error["message"]?.ToString() ?? "")}";
            return false;
        }

        why = $"HTTP {response.Status} with JSON that is not a JSON-RPC response";
        return false;
    }

    public static string Shorten(string text, int max = 160) => text.Length <= max ? text : text[..max] + "…";

    private static bool Fail(out string why, string reason)
    {
        why = reason;
        return false;
    }
}
