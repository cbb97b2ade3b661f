namespace McpFunctions.Mcp;

/// <summary>
/// How the endpoint treats an <c>MCP-Protocol-Version</c> header that disagrees with more specific evidence
/// (setting <c>Mcp:ProtocolVersionHeaders</c>; DESIGN.md §5, "Tolerant reader").
/// </summary>
internal enum ProtocolVersionHeaderMode
{
    /// <summary>
    /// Default. A legacy session is served at its negotiated version whatever known or newer version the header
    /// names, and a modern <c>_meta</c> version in the body wins over a disagreeing header. Claude sends both
    /// (anthropics/claude-code#93290, #92835; CodeWithCJ/SparkyFitness#2155). Each tolerated disagreement is logged once.
    /// </summary>
    Tolerant,

    /// <summary>The letter of the spec: any disagreement is a 400 (MCP transports, "Protocol Version Header").</summary>
    Strict,
}
