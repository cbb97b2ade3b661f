using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

/// <summary>Fills list defaults after binding (binding appends to a pre-filled list instead of replacing it).</summary>
internal sealed class McpEndpointOptionsSetup : IPostConfigureOptions<McpEndpointOptions>
{
    public void PostConfigure(string? name, McpEndpointOptions options)
    {
        if (options.Paths.Count == 0)
        {
            options.Paths.AddRange(McpEndpointOptions.DefaultPaths);
        }

        if (options.AllowedOrigins.Count == 0)
        {
            options.AllowedOrigins.AddRange(McpEndpointOptions.DefaultAllowedOrigins);
        }

        options.PublicBaseUrl = options.PublicBaseUrl?.TrimEnd('/');
    }
}
