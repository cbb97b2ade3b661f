using System.Diagnostics;
using System.Reflection;
using McpFunctions.Tests.Conformance;
using Microsoft.Extensions.Hosting;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// Adds test-only services to the published worker without a second app: the test assembly is loaded into the worker
/// process as a .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>) and, when the worker's host builds, registers what
/// <see cref="Variable"/> names — as <c>WebApplicationFactory</c> reaches a minimal-hosting app, through the hosting
/// <c>HostBuilding</c> diagnostic event. Only the conformance suite uses it (the fixtures the suite asks for by name);
/// the product never sees the variable.
/// </summary>
internal static class WorkerTestServices
{
    public const string Variable = "MCPFUNCTIONS_TEST_SERVICES";

    public const string Conformance = "Conformance";

    /// <summary>The app settings that make a worker add the conformance fixtures.</summary>
    public static IReadOnlyDictionary<string, string?> ConformanceSettings => new Dictionary<string, string?>
    {
        ["DOTNET_STARTUP_HOOKS"] = typeof(WorkerTestServices).Assembly.Location,
        [Variable] = Conformance,
    };

    /// <summary>Runs in every process started with the hook (the local host too); acts only in the McpFunctions worker.</summary>
    public static void Install()
    {
        if (Environment.GetEnvironmentVariable(Variable) != Conformance || Assembly.GetEntryAssembly()?.GetName().Name != "McpFunctions")
        {
            return;
        }

        DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                value.Subscribe(new HostingObserver());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class HostingObserver : IObserver<KeyValuePair<string, object?>>
    {
        // HostApplicationBuilder.Build raises HostBuilding with an IHostBuilder whose changes it applies right after.
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilding" && value.Value is IHostBuilder builder)
            {
                builder.ConfigureServices((_, services) => services.AddConformanceFixtures());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
