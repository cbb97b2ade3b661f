namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// The worker behind the local Functions host for one test class, as Azure runs it: one host per distinct set of app
/// settings, started on first use and shared by the class's tests (a host and its worker take one to two seconds to
/// start on shared cores), or a fresh one the caller disposes when a test needs an instance of its own. Every host
/// still running is stopped when the class is done, also after a failure.
/// </summary>
// A class fixture rather than the WorkerOutput collection: classes that each have their own hosts may run in parallel.
// IAsyncLifetime: xUnit 2 disposes class fixtures through IAsyncLifetime or IDisposable only.
public sealed class WorkerHosts : IAsyncLifetime
{
    private readonly WorkerOutput _output = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<WorkerApp>> _shared = new(StringComparer.Ordinal);

    public Task InitializeAsync() => _output.InitializeAsync();

    /// <summary>The host serving <paramref name="settings"/>, started the first time they are asked for.</summary>
    internal Task<WorkerApp> SharedAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var key = string.Join('\n', (settings ?? new Dictionary<string, string?>()).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        lock (_gate)
        {
            if (!_shared.TryGetValue(key, out var app))
            {
                app = WorkerApp.StartAsync(_output, settings);
                _shared[key] = app;
            }

            return app;
        }
    }

    /// <summary>A host of the caller's own (disposed by the caller).</summary>
    internal Task<WorkerApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, int? port = null) =>
        WorkerApp.StartAsync(_output, settings, port);

    /// <summary>A host of the caller's own, not waited for (for start-up failures and cold-start timing).</summary>
    internal LocalFunctionsHostProcess Start(IReadOnlyDictionary<string, string?>? settings = null) => WorkerApp.Start(_output, settings);

    public async Task DisposeAsync()
    {
        List<Task<WorkerApp>> started;
        lock (_gate)
        {
            started = [.. _shared.Values];
            _shared.Clear();
        }

        foreach (var app in started)
        {
            // A start that failed has already stopped its host.
            if (await Task.WhenAny(app) == app && app.IsCompletedSuccessfully)
            {
                await app.Result.DisposeAsync();
            }
        }

        await _output.DisposeAsync();
    }
}
