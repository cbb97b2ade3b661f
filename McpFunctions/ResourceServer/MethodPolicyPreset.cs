namespace McpFunctions.ResourceServer;

/// <summary>Presets of the method policy table (DESIGN.md §4).</summary>
internal enum MethodPolicyPreset
{
    /// <summary>Every request needs a valid token, initialize included (MCP authorization 2025-06-18+).</summary>
    Strict,

    /// <summary>The first seed's Authentication Matrix: initialize open, notifications/initialized session only, the rest token + session.</summary>
    Seed,
}
