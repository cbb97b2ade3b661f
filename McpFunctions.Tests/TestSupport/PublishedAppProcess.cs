using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// The published app started the way the Azure Functions host starts a custom handler:
/// <c>dotnet McpFunctions.dll</c> from a working directory that is not the app's, with
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set and no ASP.NET Core environment (so Production). Output lines are
/// kept per stream. Disposing kills the process tree if it is still running.
/// </summary>
internal sealed class PublishedAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    private PublishedAppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        StartedAt = Stopwatch.StartNew();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public Stopwatch StartedAt { get; }

    public IReadOnlyList<string> StandardOutputLines => [.. _stdout];

    public IReadOnlyList<string> StandardErrorLines => [.. _stderr];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts the app with only the variables the host would give it: everything from this process except
    /// ASP.NET Core/.NET environment selection and app settings, plus <paramref name="settings"/>.
    /// </summary>
    public static PublishedAppProcess Start(PublishedApp app, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var startInfo = new ProcessStartInfo(PublishedApp.DotnetExecutable)
        {
            WorkingDirectory = app.ForeignWorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(app.DllPath);

        foreach (var name in startInfo.Environment.Keys.Where(IsAppSelectingVariable).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var running = new PublishedAppProcess(process, port);
        process.OutputDataReceived += (_, e) => Collect(e.Data, running._stdout, running._stdoutClosed);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, running._stderr, running._stderrClosed);
        running.StartedAt.Restart();
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>A TCP port nothing on 127.0.0.1 listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True if the process exited within <paramref name="timeout"/>; output is complete then.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }

        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
        return true;
    }

    /// <summary>
    /// Polls <c>HEAD /</c> until it answers 200 (the app is ready for forwarded requests); returns the time
    /// since the process started, or throws with the app's output when it exits or the deadline passes.
    /// </summary>
    public async Task<TimeSpan> WaitUntilHeadOkAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (StartedAt.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before answering HEAD /.\n{Describe()}");
            }

            try
            {
                using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return StartedAt.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"HEAD / did not answer 200 within {timeout.TotalSeconds:F0} s.\n{Describe()}");
    }

    /// <summary>
    /// Waits until a line on either stream matches: the console logger writes from a background queue, so
    /// a line logged before a response may reach the pipe after it.
    /// </summary>
    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!_stdout.Concat(_stderr).Any(match))
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"No matching output line within {timeout.TotalSeconds:F0} s.\n{Describe()}");
            }

            await Task.Delay(20);
        }
    }

    public string Describe() =>
        $"--- stdout ---\n{string.Join('\n', _stdout)}\n--- stderr ---\n{string.Join('\n', _stderr)}";

    /// <summary>Kills the process tree if it still runs and waits (bounded) until its output is complete.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        using var deadline = new CancellationTokenSource(KillTimeout);
        await _process.WaitForExitAsync(deadline.Token);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(KillTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    // The host does not pass the developer's environment selection or URLs; app settings come only from the test.
    private static bool IsAppSelectingVariable(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase)
        || name.Contains("__", StringComparison.Ordinal)
        || name.StartsWith("FUNCTIONS_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("WEBSITE_", StringComparison.OrdinalIgnoreCase);

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
}
