using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>
/// One local host serving the published empty worker for the read-only behaviour tests: started on first use and
/// kept for the class, from a working directory holding a local.settings.json (as a developer runs <c>func start</c>
/// from the project folder).
/// </summary>
// IAsyncLifetime, not IAsyncDisposable: xUnit 2 disposes a class fixture through IAsyncLifetime or IDisposable only,
// and a host left running outlives the test run.
public sealed class SharedLocalHost : IAsyncLifetime, IAsyncDisposable
{
    public const string Greeting = "hello from local.settings.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private LocalFunctionsHostProcess? _host;

    internal async Task<LocalFunctionsHostProcess> GetAsync(PublishedEmptyWorker worker)
    {
        await _gate.WaitAsync();
        try
        {
            if (_host is null)
            {
                var cwd = Directory.CreateDirectory(Path.Combine(worker.Root, "cwd-" + Guid.NewGuid().ToString("N")[..8])).FullName;
                await File.WriteAllTextAsync(Path.Combine(cwd, "local.settings.json"), $$"""
                    {
                      "IsEncrypted": false,
                      "Values": {
                        "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                        "EchoGreeting": "{{Greeting}}",
                        "TickSchedule": "0 0 0 1 1 *"
                      }
                    }
                    """);
                _host = await LocalFunctionsHostProcess.StartReadyAsync(worker.Directory, workingDirectory: cwd,
                    environment: new Dictionary<string, string?> { ["EchoGreeting"] = null, ["TickSchedule"] = null });
            }

            return _host;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        // Safe to call twice (xUnit may dispose through both interfaces).
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            await host.DisposeAsync();
        }

        _gate.Dispose();
    }
}
