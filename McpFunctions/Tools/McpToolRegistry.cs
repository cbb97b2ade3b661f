using System.Collections.Frozen;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Tools;

/// <summary>
/// The tools this server offers. Built on first use rather than at start-up: schema generation reflects
/// over every tool method, and cold start on Functions is paid by the first user.
/// </summary>
internal sealed class McpToolRegistry
{
    private readonly Lazy<FrozenDictionary<string, RegisteredTool>> _tools;
    private readonly Lazy<IList<Tool>> _protocolTools;

    public McpToolRegistry(IEnumerable<ToolRegistration> registrations, IServiceProvider services)
    {
        var list = registrations.ToList();
        HasTools = list.Count > 0;
        _tools = new(() => Build(list, services));
        _protocolTools = new(() => [.. _tools.Value.Values.Select(t => t.ProtocolTool).OrderBy(t => t.Name, StringComparer.Ordinal)]);
    }

    /// <summary>Whether any tool is registered: decides whether <c>capabilities.tools</c> is declared.</summary>
    public bool HasTools { get; }

    public IList<Tool> ProtocolTools => _protocolTools.Value;

    public bool TryGet(string name, out RegisteredTool tool) => _tools.Value.TryGetValue(name, out tool!);

    private static FrozenDictionary<string, RegisteredTool> Build(List<ToolRegistration> registrations, IServiceProvider services)
    {
        var tools = new Dictionary<string, RegisteredTool>(StringComparer.Ordinal);
        foreach (var tool in registrations.SelectMany(r => r.Create(services)))
        {
            if (!tools.TryAdd(tool.Name, tool))
            {
                throw new InvalidOperationException($"Two tools are registered with the name '{tool.Name}'. Tool names must be unique.");
            }
        }

        return tools.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
