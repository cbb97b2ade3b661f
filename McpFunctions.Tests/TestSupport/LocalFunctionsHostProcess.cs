using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// The local Functions host (tools/LocalFunctionsHost, built beside the tests) serving a worker output folder on a
/// free loopback port, started as a developer would: <c>dotnet LocalFunctionsHost.dll --app &lt;folder&gt; --port P</c>.
/// Output lines are kept per stream; every wait is bounded. Disposing kills the host and its worker.
/// </summary>
internal sealed partial class LocalFunctionsHostProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalFunctionsHostProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public IReadOnlyList<string> StandardOutputLines => [.. _stdout];

    public IReadOnlyList<string> StandardErrorLines => [.. _stderr];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int ProcessId => _process.Id;

    /// <summary>The worker's process id as the banner reports it.</summary>
    public int WorkerProcessId =>
        StandardOutputLines.Select(l => WorkerPidPattern().Match(l)).FirstOrDefault(m => m.Success) is { } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("The banner has not named the worker process.");

    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "LocalFunctionsHost.dll");

    /// <summary>Starts the host; <paramref name="arguments"/> come after <c>--app</c> and <c>--port</c>.</summary>
    public static LocalFunctionsHostProcess Start(string appFolder, int? port = null, IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var chosen = port ?? FreePort();
        var startInfo = new ProcessStartInfo(PublishedApp.DotnetExecutable)
        {
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { HostDll, "--app", appFolder, "--port", chosen.ToString(CultureInfo.InvariantCulture) }
                     .Concat(arguments ?? []))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test runner's own environment selection must not leak into the worker.
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "AZURE_FUNCTIONS_ENVIRONMENT" })
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The local Functions host did not start.");
        var host = new LocalFunctionsHostProcess(process, chosen);
        process.OutputDataReceived += (_, e) => Collect(e.Data, host._stdout, host._stdoutClosed);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, host._stderr, host._stderrClosed);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Starts the host and waits for its banner (the worker's functions are loaded).</summary>
    public static async Task<LocalFunctionsHostProcess> StartReadyAsync(string appFolder, IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var host = Start(appFolder, null, arguments, environment, workingDirectory);
        try
        {
            await host.WaitForOutputAsync(l => l.StartsWith("Listening on ", StringComparison.Ordinal), StartTimeout);
            await host.WaitForOutputAsync(l => l.StartsWith("Functions:", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<string> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (StandardOutputLines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            if (_process.HasExited && _stdoutClosed.Task.IsCompleted)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching output line within {timeout.TotalSeconds:F0} s (exited: {_process.HasExited}).\n"
            + $"stdout:\n{string.Join('\n', StandardOutputLines.TakeLast(40))}\nstderr:\n{string.Join('\n', StandardErrorLines)}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>Asks the host to stop the way a terminal or a service manager does (SIGTERM).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        kill?.WaitForExit(5000);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    private static void Collect(string? line, ConcurrentQueue<string> lines, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"worker process (\d+)\)")]
    private static partial Regex WorkerPidPattern();
}
