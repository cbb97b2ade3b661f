using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// Runs <c>node &lt;script&gt; args</c> to completion with a hard deadline: stdout and stderr are captured,
/// and on the deadline the whole process tree is killed (scripts such as the Inspector CLI start a second
/// node process) and the test fails with what was printed so far.
/// </summary>
internal static class NodeProcess
{
    public static async Task<NodeProcessResult> RunAsync(
        string scriptPath,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(scriptPath);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!File.Exists(scriptPath))
        {
            throw new FileNotFoundException($"Node script not found: {scriptPath}", scriptPath);
        }

        if (!Directory.Exists(RepositoryPaths.NodeModules))
        {
            throw new InvalidOperationException(
                $"{RepositoryPaths.NodeModules} does not exist. Run `npm ci` in {RepositoryPaths.Root} before `dotnet test`.");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment.Remove("NODE_OPTIONS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = StartOrExplain(startInfo);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            var partial = await DrainAsync(stdout, stderr);
            throw new TimeoutException(
                $"node {Path.GetFileName(scriptPath)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s and was killed.\n" +
                $"--- stdout ---\n{partial.Stdout}\n--- stderr ---\n{partial.Stderr}");
        }

        // A grandchild that outlives its parent could hold the pipes open; the output is bounded too.
        var output = await DrainAsync(stdout, stderr);
        return new NodeProcessResult(process.ExitCode, output.Stdout, output.Stderr, stopwatch.Elapsed);
    }

    private static Process StartOrExplain(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start `node`: install Node.js 20 or later and put it on PATH, then run `npm ci`.", ex);
        }
    }

    private static async Task<(string Stdout, string Stderr)> DrainAsync(Task<string> stdout, Task<string> stderr)
    {
        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Report whatever completed; a stuck pipe must not hang the test run.
        }

        return (stdout.IsCompletedSuccessfully ? stdout.Result : "(not captured)", stderr.IsCompletedSuccessfully ? stderr.Result : "(not captured)");
    }
}
