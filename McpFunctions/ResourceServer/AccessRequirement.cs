namespace McpFunctions.ResourceServer;

/// <summary>What a request must present before it is served.</summary>
[Flags]
internal enum AccessRequirement
{
    None = 0,

    /// <summary>A valid <c>Mcp-Session-Id</c> (legacy era only).</summary>
    Session = 1,

    /// <summary>A valid bearer token for this resource.</summary>
    Token = 2,

    TokenAndSession = Token | Session,
}
