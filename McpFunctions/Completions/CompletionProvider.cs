using System.Collections.Frozen;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Completions;

/// <summary>
/// Answers <c>completion/complete</c> (MCP server/utilities/completion): values for a prompt argument or a
/// resource-template variable from the registered <see cref="ICompletionSource"/>s, filtered by the typed prefix.
/// </summary>
internal sealed class CompletionProvider
{
    /// <summary>MCP server/utilities/completion "Implementation Considerations": at most 100 values per response.</summary>
    public const int MaxValues = 100;

    private readonly PromptRegistry _prompts;
    private readonly ResourceRegistry _resources;
    private readonly Lazy<FrozenDictionary<CompletionTarget, ICompletionSource>> _sources;

    public CompletionProvider(
        PromptRegistry prompts,
        ResourceRegistry resources,
        IEnumerable<CompletionSourceRegistration> registrations,
        IServiceProvider services)
    {
        _prompts = prompts;
        _resources = resources;
        var list = registrations.ToList();
        _sources = new(() => Build(list, services));
    }

    /// <summary>
    /// Whether <c>capabilities.completions</c> is declared: there is something to complete (a prompt or a
    /// resource template) even if no source is registered for it, in which case the answer is an empty list.
    /// Reading it builds the resource registry.
    /// </summary>
    public bool HasCompletions => _prompts.HasPrompts || (_resources.HasResources && _resources.HasTemplates);

    public async ValueTask<CompleteResult> CompleteAsync(CompleteRequestParams request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = ResolveTarget(request);
        if (!_sources.Value.TryGetValue(target, out var source))
        {
            return new CompleteResult { Completion = new Completion { Values = [], Total = 0, HasMore = false } };
        }

        var prefix = request.Argument.Value ?? string.Empty;
        var candidates = await source.GetCandidatesAsync(request, cancellationToken);
        var matches = candidates
            .Where(value => value is not null && value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new CompleteResult
        {
            Completion = new Completion
            {
                Values = matches.Count > MaxValues ? matches.GetRange(0, MaxValues) : matches,
                Total = matches.Count,
                HasMore = matches.Count > MaxValues,
            },
        };
    }

    // MCP server/utilities/completion "Error Handling": invalid prompt name → -32602 Invalid params.
    private CompletionTarget ResolveTarget(CompleteRequestParams request)
    {
        if (request.Argument is null || string.IsNullOrEmpty(request.Argument.Name))
        {
            throw new McpProtocolException("Invalid params: completion/complete needs 'argument.name'.", McpErrorCode.InvalidParams);
        }

        switch (request.Ref)
        {
            case PromptReference prompt:
                if (string.IsNullOrEmpty(prompt.Name) || !_prompts.HasPrompts || !_prompts.TryGet(prompt.Name, out _))
                {
                    throw new McpProtocolException($"Unknown prompt: {prompt.Name}", McpErrorCode.InvalidParams);
                }

                return CompletionTarget.ForPrompt(prompt.Name, request.Argument.Name);
            case ResourceTemplateReference template:
                if (string.IsNullOrEmpty(template.Uri) || !_resources.HasResources || !_resources.IsTemplate(template.Uri))
                {
                    throw new McpProtocolException($"Unknown resource template: {template.Uri}", McpErrorCode.InvalidParams);
                }

                return CompletionTarget.ForResourceTemplate(template.Uri, request.Argument.Name);
            default:
                throw new McpProtocolException(
                    $"Invalid params: ref.type must be '{CompletionReferenceTypes.Prompt}' or '{CompletionReferenceTypes.ResourceTemplate}'.",
                    McpErrorCode.InvalidParams);
        }
    }

    private static FrozenDictionary<CompletionTarget, ICompletionSource> Build(List<CompletionSourceRegistration> registrations, IServiceProvider services)
    {
        var sources = new Dictionary<CompletionTarget, ICompletionSource>();
        foreach (var registration in registrations)
        {
            if (!sources.TryAdd(registration.Target, registration.Create(services)))
            {
                throw new InvalidOperationException($"Two completion sources are registered for {registration.Target}. Register one source per argument.");
            }
        }

        return sources.ToFrozenDictionary();
    }
}
