using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// The official MCP TypeScript SDK's example Streamable HTTP server (examples/server/simpleStreamableHttp.js, as
/// built in the npm package), started with node on free loopback ports; with <c>--oauth</c> it also starts the SDK's
/// demo authorization server. Stopped (killed) on dispose.
/// </summary>
internal sealed class SdkExampleServer : IAsyncDisposable
{
    private readonly Process _process;

    private SdkExampleServer(Process process, int port)
    {
        _process = process;
        McpUrl = $"http://localhost:{port}/mcp";
    }

    public string McpUrl { get; }

    public static async Task<SdkExampleServer> StartAsync(bool oauth)
    {
        var package = RepositoryPaths.RequireNodePackage("@modelcontextprotocol/sdk");
        var script = Path.Combine(package, "dist", "esm", "examples", "server", "simpleStreamableHttp.js");
        var port = FreePort();
        var startInfo = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        startInfo.ArgumentList.Add(script);
        if (oauth)
        {
            startInfo.ArgumentList.Add("--oauth");
        }

        startInfo.Environment["MCP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["MCP_AUTH_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var server = new SdkExampleServer(process, port);
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(bounded.Token) is { } line)
            {
                if (line.Contains("MCP Streamable HTTP Server listening", StringComparison.Ordinal))
                {
                    process.OutputDataReceived += (_, _) => { };
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return server;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("The SDK example server did not report listening within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
