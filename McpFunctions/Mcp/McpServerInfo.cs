using System.Reflection;
using McpFunctions.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Mcp;

/// <summary>What the server says about itself: <c>serverInfo</c>, capabilities and instructions, built once.</summary>
internal sealed class McpServerInfo
{
    public McpServerInfo(IOptions<McpEndpointOptions> options, McpToolRegistry tools)
    {
        var value = options.Value;
        Implementation = new Implementation
        {
            Name = value.ServerName,
            Title = value.ServerTitle,
            Version = typeof(McpServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0",
        };

        // MCP basic/lifecycle "Capability Negotiation": declare only what is actually served.
        Capabilities = new ServerCapabilities
        {
            Tools = tools.HasTools ? new ToolsCapability() : null,
        };
        Instructions = value.Instructions;
        SdkOptions = new McpServerOptions { ServerInfo = Implementation, Capabilities = Capabilities, ServerInstructions = Instructions };
    }

    public Implementation Implementation { get; }

    public ServerCapabilities Capabilities { get; }

    public string? Instructions { get; }

    /// <summary>Handed to SDK tools through <see cref="RequestScopedMcpServer.ServerOptions"/>.</summary>
    public McpServerOptions SdkOptions { get; }
}
