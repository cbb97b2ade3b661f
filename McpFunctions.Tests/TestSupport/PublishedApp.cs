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

    /// <summary>The <c>dotnet</c> that runs these tests, for starting the published app.</summary>
    public static string DotnetExecutable => DotnetPublish.Executable;

    public async Task InitializeAsync()
    {
        _root = System.IO.Directory.CreateTempSubdirectory("mcpfunctions-published-").FullName;
        System.IO.Directory.CreateDirectory(ForeignWorkingDirectory);

        await DotnetPublish.RunAsync(RepositoryPaths.AppProject, Directory, Path.Combine(Root, "artifacts"), "McpFunctions.dll", PublishTimeout);
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
