using System.Diagnostics;
using System.Text;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// bench/EmptyWorker published once per test run (<c>dotnet publish -c Release</c>): the isolated-worker app the
/// local Functions host's own tests run behind it. Shared through <see cref="PublishedEmptyWorkerCollectionDefinition"/>.
/// </summary>
public sealed class PublishedEmptyWorker : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    private string? _root;

    /// <summary>The publish output: host.json, worker.config.json, functions.metadata and EmptyWorker.dll.</summary>
    public string Directory => Path.Combine(Root, "publish");

    /// <summary>Scratch space beside the publish output for tests that need a modified copy or a working directory.</summary>
    public string Root => _root ?? throw new InvalidOperationException("The empty worker has not been published yet.");

    public async Task InitializeAsync()
    {
        _root = System.IO.Directory.CreateTempSubdirectory("emptyworker-published-").FullName;
        var startInfo = new ProcessStartInfo(PublishedApp.DotnetExecutable)
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
            "publish", RepositoryPaths.InRoot("bench", "EmptyWorker", "EmptyWorker.csproj"),
            "-c", "Release", "-o", Directory,
            "--artifacts-path", Path.Combine(Root, "artifacts"),
            "--disable-build-servers", "-nologo",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables point at its own build; a nested build must find the SDK afresh.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

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
            throw new TimeoutException($"dotnet publish of bench/EmptyWorker did not finish within {PublishTimeout.TotalMinutes:F0} minutes.");
        }

        var output = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(Directory, "worker.config.json")))
        {
            throw new InvalidOperationException($"dotnet publish of bench/EmptyWorker failed ({process.ExitCode}):\n{output[0]}\n{output[1]}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            if (_root is not null)
            {
                System.IO.Directory.Delete(_root, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }
}
