namespace McpFunctions.Mcp;

/// <summary>The two protocol eras served on one endpoint (DESIGN.md §2), decided per request.</summary>
internal enum McpEra
{
    /// <summary>2024-11-05 … 2025-11-25: initialize handshake, <c>Mcp-Session-Id</c>, session row in the store.</summary>
    Legacy,

    /// <summary>2026-07-28: no handshake, no session; version and capabilities travel with every request.</summary>
    Modern,
}
