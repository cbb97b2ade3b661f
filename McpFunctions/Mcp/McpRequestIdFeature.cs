using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>The id of the single JSON-RPC request a POST carries, once parsed, so a fault answered later echoes it (JSON-RPC 2.0 §5).</summary>
internal sealed class McpRequestIdFeature(RequestId? id)
{
    public RequestId? Id { get; } = id;
}
