using System.Diagnostics.CodeAnalysis;

/// <summary>
/// The .NET runtime's startup-hook contract: a type named <c>StartupHook</c>, outside any namespace, with a static
/// <c>Initialize</c>, run before <c>Main</c> in a process started with <c>DOTNET_STARTUP_HOOKS</c> naming this assembly.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks the hook up by this exact name.")]
internal static class StartupHook
{
    public static void Initialize() => McpFunctions.Tests.TestSupport.WorkerTestServices.Install();
}
