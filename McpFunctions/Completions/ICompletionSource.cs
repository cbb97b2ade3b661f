using ModelContextProtocol.Protocol;

namespace McpFunctions.Completions;

/// <summary>
/// Candidate values for one <see cref="CompletionTarget"/>. A source may return every candidate it knows:
/// <see cref="CompletionProvider"/> filters them by what the user has typed and caps the answer. The request
/// carries <c>context.arguments</c> (arguments already resolved) for sources whose values depend on them.
/// </summary>
internal interface ICompletionSource
{
    ValueTask<IEnumerable<string>> GetCandidatesAsync(CompleteRequestParams request, CancellationToken cancellationToken);
}
