namespace McpFunctions.Mcp;

/// <summary>HTTP header names MCP Streamable HTTP uses (MCP basic/transports).</summary>
internal static class McpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";
    public const string Name = "Mcp-Name";
    public const string LastEventId = "Last-Event-ID";
}
