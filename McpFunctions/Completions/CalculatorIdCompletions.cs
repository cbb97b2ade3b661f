using McpFunctions.Tools.Calculators;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Completions;

/// <summary>
/// Calculator ids from the catalogue, in catalogue order: the values of the <c>interpret-result</c> prompt's
/// calculator argument and of the definition template's <c>{name}</c>. <see cref="CompletionProvider"/> filters them.
/// </summary>
internal sealed class CalculatorIdCompletions(CalculatorCatalog catalog) : ICompletionSource
{
    public ValueTask<IEnumerable<string>> GetCandidatesAsync(CompleteRequestParams request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(catalog.All.Select(c => c.Definition.Id));
}
