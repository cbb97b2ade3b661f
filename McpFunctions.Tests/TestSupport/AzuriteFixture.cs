using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using McpFunctions.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// Starts a real Azurite Table service (the repository's pinned npm package) on 127.0.0.1 and a free
/// port for the tests of one collection, in memory only, and stops it (with its child processes)
/// afterwards. Needs <c>npm ci</c> at the repository root first.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private const int StartAttempts = 3;

    // Azurite's output, kept so that a failed start can say why.
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private string? _workspace;

    public int Port { get; private set; }

    /// <summary>A full connection string for this Azurite, with the well-known devstoreaccount1 key.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={TableStorageDefaults.DevelopmentAccountName};AccountKey={TableStorageDefaults.DevelopmentAccountKey};TableEndpoint={TableServiceUri}";

    public Uri TableServiceUri => new($"http://127.0.0.1:{Port}/{TableStorageDefaults.DevelopmentAccountName}");

    /// <summary>A table name no other test uses: Azurite is shared by the whole collection.</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A new, independent client (own pipeline, own table-creation cache), as another instance of the app would have.</summary>
    internal TableStorage CreateServiceClient(TimeProvider? timeProvider = null, TableStorageOptions? options = null, Action<Azure.Data.Tables.TableClientOptions>? configureClient = null) =>
        new(TableStorageConnection.FromConnectionString(ConnectionString), timeProvider ?? TimeProvider.System, NullLogger<TableStorage>.Instance, options, configureClient);

    public async Task InitializeAsync()
    {
        var root = FindRepositoryRoot();
        var entryPoint = Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(entryPoint))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({entryPoint} is missing). Run `npm ci` in {root} before `dotnet test`.");
        }

        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;

        // A free port can be taken between probing and Azurite binding it; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FindFreePort();
            _process = Start(entryPoint, Port, _workspace);
            if (await WaitUntilListeningAsync(_process, Port))
            {
                return;
            }

            var outcome = _process.HasExited
                ? $"Azurite exited with code {_process.ExitCode}"
                : $"Azurite did not listen on 127.0.0.1:{Port} within {StartupTimeout.TotalSeconds} s";
            await StopAsync();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"{outcome} (attempt {attempt} of {StartAttempts}). Output:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
            }
        }
    }

    /// <summary>Kills Azurite, as an outage would: connections to its port are refused until <see cref="RestartAsync"/>.</summary>
    public Task KillAsync() => StopAsync();

    /// <summary>Starts Azurite again on the same port, empty (it keeps nothing in memory across a restart).</summary>
    public async Task RestartAsync()
    {
        var root = FindRepositoryRoot();
        var entryPoint = Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        _process = Start(entryPoint, Port, _workspace ?? throw new InvalidOperationException("Azurite was never started."));
        if (!await WaitUntilListeningAsync(_process, Port))
        {
            throw new InvalidOperationException($"Azurite did not start again on port {Port}. Output:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (_workspace is not null)
        {
            try
            {
                Directory.Delete(_workspace, recursive: true);
            }
            catch (IOException)
            {
                // A leftover empty temp folder is harmless; failing the run over it is not.
            }
        }
    }

    private Process Start(string entryPoint, int port, string workspace)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No --location: Azurite refuses it together with --inMemoryPersistence; the temporary working
        // directory catches anything it writes anyway (debug logs, telemetry settings).
        foreach (var argument in new[]
        {
            entryPoint,
            "--tableHost", "127.0.0.1",
            "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence",
            "--skipApiVersionCheck",
            "--loose",
            "--silent",
            "--disableTelemetry",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private static async Task<bool> WaitUntilListeningAsync(Process process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                using var client = new TcpClient();
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                return true;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    private async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(ShutdownTimeout);
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not dead within the timeout: nothing more a test run can do.
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpFunctions.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains McpFunctions.slnx.");
    }
}
