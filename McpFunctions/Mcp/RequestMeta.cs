using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The per-request metadata a 2026-07-28 request carries in <c>params._meta</c> instead of a session
/// (2026-07-28 basic: "io.modelcontextprotocol/protocolVersion" and "clientCapabilities" are required,
/// "clientInfo" and "logLevel" optional).
/// </summary>
internal sealed record RequestMeta(string? ProtocolVersion, JsonNode? ClientCapabilities, Implementation? ClientInfo, string? LogLevel)
{
    public static RequestMeta Read(JsonNode? parameters)
    {
        if (parameters?["_meta"] is not JsonObject meta)
        {
            return new RequestMeta(null, null, null, null);
        }

        Implementation? clientInfo = null;
        if (meta[MetaKeys.ClientInfo] is JsonObject info)
        {
            try
            {
                clientInfo = info.Deserialize(McpJson.Implementation);
            }
            catch (JsonException)
            {
                clientInfo = null;
            }
        }

        return new RequestMeta(
            StringValue(meta[MetaKeys.ProtocolVersion]),
            meta[MetaKeys.ClientCapabilities],
            clientInfo,
            StringValue(meta[MetaKeys.LogLevel]));
    }

    /// <summary>Whether the body declares a protocol version in <c>_meta</c> (which selects modern semantics).</summary>
    public static bool DeclaresVersion(JsonNode? parameters) => parameters?["_meta"] is JsonObject meta && meta.ContainsKey(MetaKeys.ProtocolVersion);

    private static string? StringValue(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
