namespace McpFunctions.Completions;

/// <summary>One completion source and the argument it completes, resolved when completion is first used.</summary>
internal sealed class CompletionSourceRegistration(CompletionTarget target, Func<IServiceProvider, ICompletionSource> create)
{
    public CompletionTarget Target { get; } = target;

    public ICompletionSource Create(IServiceProvider services) => create(services);
}
