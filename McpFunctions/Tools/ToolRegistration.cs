namespace McpFunctions.Tools;

/// <summary>One registration line's worth of tools, resolved when the registry is first used.</summary>
internal sealed class ToolRegistration(Func<IServiceProvider, IEnumerable<RegisteredTool>> create)
{
    public IEnumerable<RegisteredTool> Create(IServiceProvider services) => create(services);
}
