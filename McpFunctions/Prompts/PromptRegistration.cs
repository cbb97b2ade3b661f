using ModelContextProtocol.Server;

namespace McpFunctions.Prompts;

/// <summary>One registration line's worth of prompts, resolved when the registry is first used.</summary>
internal sealed class PromptRegistration(Func<IServiceProvider, IEnumerable<McpServerPrompt>> create)
{
    public IEnumerable<McpServerPrompt> Create(IServiceProvider services) => create(services);
}
