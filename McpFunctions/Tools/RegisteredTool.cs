using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tools;

/// <summary>A tool as served: the SDK tool (schema and invoker) and the scopes a caller's token must hold.</summary>
internal sealed class RegisteredTool(McpServerTool tool, IReadOnlyList<string> requiredScopes)
{
    public string Name => tool.ProtocolTool.Name;

    public Tool ProtocolTool => tool.ProtocolTool;

    public McpServerTool Tool => tool;

    public IReadOnlyList<string> RequiredScopes => requiredScopes;
}
