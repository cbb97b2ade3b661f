using System.Diagnostics;
using System.Globalization;

namespace LocalFunctionsHost;

/// <summary>
/// Starts the worker the way the Functions host does: <c>dotnet App.dll</c> with the host's gRPC address and ids
/// both as the classic arguments and as the <c>--functions-*</c> ones newer workers read, and the environment a
/// worker expects. The host's own environment is inherited; local.settings.json values fill what it lacks.
/// </summary>
internal sealed class WorkerProcess(AppFolder app, ConsoleOutput console) : IDisposable
{
    /// <summary>gRPC's default maximum message length in the real host (int.MaxValue).</summary>
    private const int GrpcMaxMessageLength = int.MaxValue;

    private Process? _process;

    public int ProcessId => _process?.Id ?? 0;

    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    public void Start(Uri grpcUri)
    {
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var startInfo = new ProcessStartInfo(app.Executable)
        {
            WorkingDirectory = app.Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var maxLength = GrpcMaxMessageLength.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in new[]
        {
            app.WorkerPath,
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxLength,
            "--functions-uri", grpcUri.ToString(), "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxLength,
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in app.Settings)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)))
            {
                startInfo.Environment[key] = value;
            }
        }

        // What the host sets for a dotnet-isolated worker; the worker's loader needs the application directory.
        startInfo.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        startInfo.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        startInfo.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        // func start runs the host in Development unless told otherwise.
        if (string.IsNullOrEmpty(startInfo.Environment.TryGetValue("AZURE_FUNCTIONS_ENVIRONMENT", out var environment) ? environment : null))
        {
            startInfo.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        }

        // Deliberately not set: WEBSITE_HOSTNAME, WEBSITE_INSTANCE_ID, WEBSITE_SITE_NAME. Azure sets them; an
        // app that keys "am I on Azure" on them must not be fooled by a local host (see docs/local-functions-host.md).

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException($"'{app.Executable}' did not start.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { console.Line(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { console.ErrorLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Exited = WaitAsync(_process);
    }

    public void Stop()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }

    private static async Task<int> WaitAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
