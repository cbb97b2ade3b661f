using System.Diagnostics;
using System.Text;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// <c>dotnet publish -c Release</c> of one project of the repository into a folder, bounded in time, as the published
/// fixtures need it. Its own artifacts folder keeps the publish from racing the test build (or other builds of the
/// repository) for obj/ and bin/; build servers are off so that no MSBuild node outlives the test run.
/// </summary>
internal static class DotnetPublish
{
    /// <summary>The <c>dotnet</c> that runs these tests (the SDK exports it to child processes), else the one on PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    /// <summary>Publishes <paramref name="project"/> into <paramref name="output"/>; throws, with dotnet's output, unless <paramref name="expectedFile"/> is then there.</summary>
    public static async Task RunAsync(string project, string output, string artifacts, string expectedFile, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "--artifacts-path", artifacts, "--disable-build-servers", "-nologo" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables point at its own build; a nested build must find the SDK afresh.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        var what = $"dotnet publish of {Path.GetFileNameWithoutExtension(project)}";
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{what} did not start.");
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
            throw new TimeoutException($"{what} did not finish within {timeout.TotalMinutes:F0} minutes and was killed.");
        }

        var text = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(output, expectedFile)))
        {
            throw new InvalidOperationException(
                $"{what} failed (exit code {process.ExitCode}, {stopwatch.Elapsed.TotalSeconds:F0} s):\n{text[0]}\n{text[1]}");
        }
    }
}
