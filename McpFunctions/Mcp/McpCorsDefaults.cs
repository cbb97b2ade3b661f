namespace McpFunctions.Mcp;

/// <summary>The CORS policy browser-based MCP clients need (MCP Inspector in a browser, web connectors).</summary>
internal static class McpCorsDefaults
{
    public const string PolicyName = "mcp";

    public static readonly string[] AllowedHeaders =
    [
        "Authorization", "Content-Type", "Accept", McpHeaders.SessionId, McpHeaders.ProtocolVersion,
        McpHeaders.Method, McpHeaders.Name, McpHeaders.LastEventId,
    ];

    /// <summary>Without these a browser client cannot read the session id or the auth challenge.</summary>
    public static readonly string[] ExposedHeaders = [McpHeaders.SessionId, McpHeaders.ProtocolVersion, "WWW-Authenticate"];

    public static readonly string[] AllowedMethods = ["GET", "POST", "DELETE", "HEAD", "OPTIONS"];
}
