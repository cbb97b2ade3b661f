namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// McpFunctions' build output, built with the tests (the test project references the app): a complete isolated-worker
/// folder — McpFunctions.dll, functions.metadata, worker.config.json, host.json and .azurefunctions — that differs from
/// the <c>dotnet publish</c> output only by ReadyToRun code. Worker tests serve it behind the local Functions host
/// without a publish (which takes minutes on shared cores), from a working directory that is not the app's.
/// </summary>
public sealed class WorkerOutput : IAsyncLifetime
{
    private string? _workingDirectory;

    /// <summary>The app's output folder for the configuration the tests were built in.</summary>
    public string Directory { get; } = OutputFolder();

    /// <summary>An empty folder that is not the app's, to start the host from.</summary>
    public string ForeignWorkingDirectory => _workingDirectory ?? throw new InvalidOperationException("Not initialized.");

    public Task InitializeAsync()
    {
        foreach (var file in new[] { "McpFunctions.dll", "functions.metadata", "worker.config.json", "host.json" })
        {
            if (!File.Exists(Path.Combine(Directory, file)))
            {
                throw new InvalidOperationException($"{file} is missing from {Directory}: build the tests (dotnet build McpFunctions.Tests), which builds the app.");
            }
        }

        _workingDirectory = System.IO.Directory.CreateTempSubdirectory("mcpfunctions-host-cwd-").FullName;
        return Task.CompletedTask;
    }

    // The tests run from McpFunctions.Tests/bin/<configuration>/<framework>/; the app builds to the same shape.
    private static string OutputFolder()
    {
        var tests = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        return Path.Combine(RepositoryPaths.Root, "McpFunctions", "bin", tests.Parent!.Name, tests.Name);
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(ForeignWorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
