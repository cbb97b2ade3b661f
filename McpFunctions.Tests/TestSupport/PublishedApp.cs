using System.Diagnostics;
using System.Text;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// McpFunctions published once per test run with <c>dotnet publish -c Release</c>, exactly the folder a
/// deployment zips and the Azure Functions host starts. Publishing takes tens of seconds, so the tests
/// that need it share this fixture through <see cref="PublishedAppCollectionDefinition"/>.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    // The isolated worker's publish also builds the Worker SDK's generated extensions project and ReadyToRun code; on two
    // shared cores that has taken more than five minutes.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(12);

    private string? _root;

    /// <summary>The publish output: the Functions app's root folder.</summary>
    public string Directory => Path.Combine(Root, "publish");

    public string DllPath => Path.Combine(Directory, "McpFunctions.dll");

    /// <summary>An empty folder that is not the app's, to start the app from as the Functions host does.</summary>
    public string ForeignWorkingDirectory => Path.Combine(Root, "host-cwd");

    private string Root => _root ?? throw new InvalidOperationException("The app has not been published yet.");

    /// <summary>The <c>dotnet</c> that runs these tests (the SDK exports it to child processes), else the one on PATH.</summary>
    public static string DotnetExecutable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public async Task InitializeAsync()
    {
        _root = System.IO.Directory.CreateTempSubdirectory("mcpfunctions-published-").FullName;
        System.IO.Directory.CreateDirectory(ForeignWorkingDirectory);

        // Own artifacts folder: the publish neither races with the test build nor with other builds of the
        // repository for obj/ and bin/. Build servers off so that no MSBuild node outlives the test run.
        var startInfo = new ProcessStartInfo(DotnetExecutable)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
        {
            "publish", RepositoryPaths.AppProject,
            "-c", "Release",
            "-o", Directory,
            "--artifacts-path", Path.Combine(Root, "artifacts"),
            "--disable-build-servers",
            "-nologo",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables point at its own build; a nested build must find the SDK afresh.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout.TotalMinutes:F0} minutes and was killed.");
        }

        var output = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
        if (process.ExitCode != 0 || !File.Exists(DllPath))
        {
            throw new InvalidOperationException(
                $"dotnet publish failed (exit code {process.ExitCode}, {stopwatch.Elapsed.TotalSeconds:F0} s):\n{output[0]}\n{output[1]}");
        }
    }

    public Task DisposeAsync()
    {
        if (_root is not null)
        {
            try
            {
                System.IO.Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is not a test failure.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return Task.CompletedTask;
    }
}
