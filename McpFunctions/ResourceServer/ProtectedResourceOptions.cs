namespace McpFunctions.ResourceServer;

/// <summary>
/// What this server protects, as the resource server needs to know it: the paths of its protected resources and the
/// name it publishes. Set by the composition root from the endpoint that serves them (<c>Mcp:Paths</c>,
/// <c>Mcp:ServerTitle</c>), so the resource server names no protocol of its own.
/// </summary>
internal sealed class ProtectedResourceOptions
{
    /// <summary>Each path is one protected resource (<c>/mcp</c> → <c>https://host/mcp</c>; <c>/</c> → <c>https://host</c>).</summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>RFC 9728 <c>resource_name</c>: the human-readable name clients show.</summary>
    public string ResourceName { get; set; } = string.Empty;
}
