using LocalFunctionsHost.Rpc;

namespace LocalFunctionsHost;

/// <summary>A function the worker reported, reduced to what the local host dispatches on.</summary>
internal sealed record FunctionDescriptor(
    string Name,
    string FunctionId,
    FunctionTriggerKind Trigger,
    string TriggerBindingName,
    RpcFunctionMetadata Metadata)
{
    /// <summary>Declared HTTP methods in upper case; null when the function declares none (every method).</summary>
    public IReadOnlySet<string>? Methods { get; init; }

    /// <summary>The route template as declared (the function name when none is declared).</summary>
    public string Route { get; init; } = "";

    /// <summary>The timer's schedule as declared (may name an app setting as <c>%Name%</c>).</summary>
    public string? Schedule { get; init; }

    public bool RunOnStartup { get; init; }
}
