using ModelContextProtocol.Server;

namespace McpFunctions.Resources;

/// <summary>One registration line's worth of resources, resolved when the registry is first used.</summary>
internal sealed class ResourceRegistration(Func<IServiceProvider, IEnumerable<McpServerResource>> create)
{
    public IEnumerable<McpServerResource> Create(IServiceProvider services) => create(services);
}
