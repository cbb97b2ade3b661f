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
        await DotnetPublish.RunAsync(RepositoryPaths.InRoot("bench", "EmptyWorker", "EmptyWorker.csproj"), Directory, Path.Combine(Root, "artifacts"),
            "worker.config.json", PublishTimeout);
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
