using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Completions;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Mcp;

/// <summary>What the server says about itself: <c>serverInfo</c>, capabilities per era and instructions, built once.</summary>
internal sealed class McpServerInfo
{
    private readonly Lazy<JsonObject> _serverInfoMeta;

    public McpServerInfo(IOptions<McpEndpointOptions> options, McpToolRegistry tools, ResourceRegistry resources, PromptRegistry prompts, CompletionProvider completions)
    {
        var value = options.Value;
        Implementation = new Implementation
        {
            Name = value.ServerName,
            Title = value.ServerTitle,
            Version = typeof(McpServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0",
        };

        // MCP basic/lifecycle "Capability Negotiation": declare only what is actually served. Logging exists in
        // the legacy revisions (logging/setLevel) and is deprecated in 2026-07-28, where the level rides in _meta.
        // Resources are not subscribable: updates would need a stream this POST-only server does not keep open.
        ModernCapabilities = new ServerCapabilities
        {
            Tools = tools.HasTools ? new ToolsCapability() : null,
            Resources = resources.HasResources ? new ResourcesCapability() : null,
            Prompts = prompts.HasPrompts ? new PromptsCapability() : null,
            Completions = completions.HasCompletions ? new CompletionsCapability() : null,
        };
        LegacyCapabilities = new ServerCapabilities
        {
            Tools = ModernCapabilities.Tools,
            Resources = ModernCapabilities.Resources,
            Prompts = ModernCapabilities.Prompts,
            Completions = ModernCapabilities.Completions,
            Logging = new LoggingCapability(),
        };
        Instructions = value.Instructions;
        SdkOptions = new McpServerOptions { ServerInfo = Implementation, Capabilities = LegacyCapabilities, ServerInstructions = Instructions };
        _serverInfoMeta = new(() => new JsonObject { [MetaKeys.ServerInfo] = JsonSerializer.SerializeToNode(Implementation, McpJson.Implementation) });
    }

    public Implementation Implementation { get; }

    public ServerCapabilities LegacyCapabilities { get; }

    public ServerCapabilities ModernCapabilities { get; }

    public string? Instructions { get; }

    /// <summary>Handed to SDK tools through <see cref="RequestScopedMcpServer.ServerOptions"/>.</summary>
    public McpServerOptions SdkOptions { get; }

    public ServerCapabilities CapabilitiesFor(McpEra era) => era == McpEra.Modern ? ModernCapabilities : LegacyCapabilities;

    /// <summary>A fresh <c>_meta</c> carrying serverInfo (2026-07-28: SHOULD be in every result's <c>_meta</c>).</summary>
    public JsonObject NewResultMeta() => (JsonObject)_serverInfoMeta.Value.DeepClone();
}
