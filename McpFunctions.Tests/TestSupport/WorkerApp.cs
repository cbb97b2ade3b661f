using System.Globalization;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// The McpFunctions worker (<see cref="WorkerOutput"/>) behind the local Functions host on a free loopback
/// port, as Azure runs it: the host starts <c>dotnet McpFunctions.dll</c> as its isolated worker and forwards each
/// request to the function whose route matches. <c>WEBSITE_HOSTNAME</c> is the host's loopback address, as Core Tools
/// sets it, so the worker publishes the URLs clients use (never its own Kestrel port).
/// </summary>
internal sealed class WorkerApp : IAsyncDisposable
{
    private WorkerApp(LocalFunctionsHostProcess host)
    {
        Host = host;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public LocalFunctionsHostProcess Host { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public HttpClient Client { get; }

    /// <summary>Every line the host has printed so far (its banner and the worker's logs, one line per entry).</summary>
    public IReadOnlyList<string> Output => Host.StandardOutputLines;

    /// <summary>Everything the host and its worker have printed so far, both streams, for assertion messages and "never logged" checks.</summary>
    public string AllOutput => string.Join('\n', Host.StandardOutputLines.Concat(Host.StandardErrorLines));

    /// <summary>
    /// Waits (bounded) until the worker has logged a line containing <paramref name="text"/>: worker logs reach the
    /// host over the event stream, so a line logged before a response may be printed after it.
    /// </summary>

    public Task<string> WaitForLogAsync(string text) =>
        Host.WaitForOutputAsync(l => l.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(10));

    /// <summary>Starts the host with <paramref name="settings"/> as app settings and waits until it lists its functions.</summary>
    public static async Task<WorkerApp> StartAsync(WorkerOutput worker, IReadOnlyDictionary<string, string?>? settings = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var host = Start(worker, settings, port);
        try
        {
            await host.WaitForOutputAsync(l => l.StartsWith("Listening on ", StringComparison.Ordinal), LocalFunctionsHostProcess.StartTimeout);
            await host.WaitForOutputAsync(l => l.StartsWith("Functions:", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        var app = new WorkerApp(host);
        try
        {
            await app.WarmUpAsync();
            return app;
        }
        catch
        {
            // The host and its worker must not outlive a failed start.
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the host without waiting (for start-up failures).</summary>
    public static LocalFunctionsHostProcess Start(WorkerOutput worker, IReadOnlyDictionary<string, string?>? settings = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        port ??= LocalFunctionsHostProcess.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port.Value.ToString(CultureInfo.InvariantCulture)}",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return LocalFunctionsHostProcess.Start(worker.Directory, port, environment: environment, workingDirectory: worker.ForeignWorkingDirectory);
    }

    /// <summary>
    /// The worker's first request JITs its whole pipeline, which on busy shared cores has taken longer than a client
    /// script's per-request timeout; the tests here are about behaviour, so each host answers once before they start
    /// (the cold start itself is measured by <c>WorkerRealHostBehaviourTests</c>). Any answer will do.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "mcp"), deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
