using System.Collections.Frozen;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Prompts;

/// <summary>
/// The prompts this server offers. Built on first use, like the tool registry: creating SDK prompts
/// reflects over every prompt method, and cold start on Functions is paid by the first user.
/// </summary>
internal sealed class PromptRegistry
{
    private readonly Lazy<FrozenDictionary<string, McpServerPrompt>> _prompts;
    private readonly Lazy<IList<Prompt>> _protocolPrompts;

    public PromptRegistry(IEnumerable<PromptRegistration> registrations, IServiceProvider services)
    {
        var list = registrations.ToList();
        HasPrompts = list.Count > 0;
        _prompts = new(() => Build(list, services));
        _protocolPrompts = new(() => [.. _prompts.Value.Values.Select(p => p.ProtocolPrompt).OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    /// <summary>Whether any prompt is registered: decides whether <c>capabilities.prompts</c> is declared.</summary>
    public bool HasPrompts { get; }

    /// <summary>Prompts for <c>prompts/list</c>, ordered by name.</summary>
    public IList<Prompt> Prompts => _protocolPrompts.Value;

    public bool TryGet(string name, out McpServerPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _prompts.Value.TryGetValue(name, out prompt!);
    }

    private static FrozenDictionary<string, McpServerPrompt> Build(List<PromptRegistration> registrations, IServiceProvider services)
    {
        var prompts = new Dictionary<string, McpServerPrompt>(StringComparer.Ordinal);
        foreach (var prompt in registrations.SelectMany(r => r.Create(services)))
        {
            if (!prompts.TryAdd(prompt.ProtocolPrompt.Name, prompt))
            {
                throw new InvalidOperationException($"Two prompts are registered with the name '{prompt.ProtocolPrompt.Name}'. Prompt names must be unique.");
            }
        }

        return prompts.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
