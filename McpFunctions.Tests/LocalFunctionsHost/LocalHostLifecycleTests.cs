using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>Starting, stopping and failing: each test runs its own local host in front of the published empty worker.</summary>
[Collection(PublishedEmptyWorkerCollectionDefinition.Name)]
public sealed class LocalHostLifecycleTests(PublishedEmptyWorker worker)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PortInUse_IsOneClearLineNamingTheOption_AndExitsNonZero()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        await using var host = LocalFunctionsHostProcess.Start(worker.Directory, port);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(host.StandardErrorLines);
        Assert.Equal($"Port {port} on 127.0.0.1 is already in use; choose another with --port.", line);
        Assert.DoesNotContain(host.StandardOutputLines, l => l.Contains(" at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingAppFolder_IsOneClearLine_AndExitsNonZero()
    {
        var missing = Path.Combine(worker.Root, "no-such-folder");
        await using var host = LocalFunctionsHostProcess.Start(missing);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(host.StandardErrorLines);
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Contains("--app", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderWithoutWorkerConfig_IsOneClearLine_AndExitsNonZero()
    {
        var folder = Directory.CreateDirectory(Path.Combine(worker.Root, "not-a-worker-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await using var host = LocalFunctionsHostProcess.Start(folder);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("worker.config.json is missing", Assert.Single(host.StandardErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerCrash_EndsTheHost_NonZero_WithAClearLine()
    {
        await using var host = await LocalFunctionsHostProcess.StartReadyAsync(worker.Directory, environment: Settings("0 0 0 1 1 *"));
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.PostAsync("crash", null);
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, exitCode);
        Assert.Contains("The worker process exited with code 3; the local host stops.", host.StandardErrorLines);
    }

    [Fact]
    public async Task Sigterm_StopsTheWorkerAndTheHost_WithExitCodeZero()
    {
        await using var host = await LocalFunctionsHostProcess.StartReadyAsync(worker.Directory, environment: Settings("0 0 0 1 1 *"));
        var workerProcess = Process.GetProcessById(host.WorkerProcessId);

        host.Terminate();
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.Equal(0, exitCode);
        Assert.True(workerProcess.WaitForExit(TimeSpan.FromSeconds(10)), "the worker outlived the host");
    }

    /// <summary>
    /// A copy of the app with host.json's routePrefix removed (the real host's default "api"), the timer on a two
    /// second schedule, and the forwarder's idle timeout shortened from 240 s to 5 s.
    /// </summary>
    [Fact]
    public async Task DefaultRoutePrefix_TimerSchedule_RunOnStartup_AndIdleStreamCut()
    {
        var folder = CopyApp("api-prefix");
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "host.json")))!.AsObject();
        hostJson.Remove("extensions");
        await File.WriteAllTextAsync(Path.Combine(folder, "host.json"), hostJson.ToJsonString());

        var started = DateTime.UtcNow;
        await using var host = await LocalFunctionsHostProcess.StartReadyAsync(folder, ["--idle-timeout-seconds", "5"],
            Settings("*/2 * * * * *"));
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Route prefix "api" by default. (The first request also warms the worker up, so that a cold JIT on this
        // busy machine is not mistaken for an idle response below.)
        using var prefixed = await client.GetAsync("api/items/7");
        using var unprefixed = await client.GetAsync("items/7");
        using var root = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api"));
        Assert.Equal(HttpStatusCode.OK, prefixed.StatusCode);
        Assert.Equal("item 7", await prefixed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Contains($"    ExactItem: [GET] http://127.0.0.1:{host.Port}/api/items/{{id:int}}", host.StandardOutputLines);
        using var warm = await client.GetAsync("api/stream?idleMs=0");
        Assert.Equal("first\nsecond\n", await warm.Content.ReadAsStringAsync());

        // A response idle for longer than the activity timeout is cut: the client gets the first chunk, never the second.
        using var stream = await client.GetAsync("api/stream?idleMs=25000", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var clock = Stopwatch.StartNew();
        var received = "";
        try
        {
            received = await stream.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            // The cut surfaces as a broken chunked body; what matters is what arrived and when.
        }
        catch (IOException)
        {
        }

        Assert.DoesNotContain("second", received, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the idle stream was cut after {clock.Elapsed.TotalSeconds:F1} s");

        // The timers ran at start (runOnStartup) and on their schedule, with TimerInfo the worker could bind.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (host.StandardOutputLines.Count(l => l.Contains("Probe.Tick: tick fired", StringComparison.Ordinal)) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var ticks = host.StandardOutputLines.Where(l => l.Contains("Probe.Tick: tick fired", StringComparison.Ordinal)).ToList();
        Assert.True(ticks.Count >= 2, $"{ticks.Count} timer runs in {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        Assert.Contains(host.StandardOutputLines, l => l.Contains("Timer function Tick fired (schedule */2 * * * * *)", StringComparison.Ordinal));
        Assert.Contains(host.StandardOutputLines, l => l.Contains("Timer function StartupTick fired (run on startup)", StringComparison.Ordinal));
        Assert.Contains(host.StandardOutputLines, l => l.Contains("Probe.StartupTick: startup tick fired pastDue=False", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Settings(string schedule) => new() { ["TickSchedule"] = schedule };

    private string CopyApp(string name)
    {
        var target = Path.Combine(worker.Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(worker.Directory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(worker.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
