using ModelContextProtocol.Protocol;

namespace McpFunctions.Completions;

/// <summary>A completion source written as a lambda or a fixed list.</summary>
internal sealed class DelegateCompletionSource(Func<CompleteRequestParams, CancellationToken, ValueTask<IEnumerable<string>>> getCandidates)
    : ICompletionSource
{
    public ValueTask<IEnumerable<string>> GetCandidatesAsync(CompleteRequestParams request, CancellationToken cancellationToken) =>
        getCandidates(request, cancellationToken);
}
