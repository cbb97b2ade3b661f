using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// The app started on an address another process holds: one line on stderr naming the address and how to choose
/// another, exit code 1, no stack trace — the app itself as a process, as <c>dotnet run</c> starts it.
/// </summary>
public sealed class ListenAddressInUseTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PortInUse_IsOneLineNamingTheAddressAndTheSetting_ExitCode1_NoStackTrace()
    {
        // Arrange: hold a loopback port.
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "McpFunctions.dll"), "--urls", url })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Auth__Mode"] = "Disabled";
        start.Environment["AzureWebJobsStorage"] = string.Empty;

        // Act
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // Assert
        var errorLines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = await stdout + await stderr;
        Assert.True(process.ExitCode == 1, all);
        var line = Assert.Single(errorLines);
        Assert.Equal(
            $"McpFunctions cannot start: {url} is already in use by another process. Choose another port with --urls, e.g. " +
            "`dotnet run --project McpFunctions -- --urls http://127.0.0.1:7072` (the launch profile overrides ASPNETCORE_URLS; " +
            "--urls overrides both), or stop the process that holds it.",
            line);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
    }
}
