using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpDoctor.Login;

/// <summary>
/// The loopback redirect target of a native app (RFC 8252 §7.3), as Claude Code runs one: a listener on 127.0.0.1 at
/// a free port that accepts one GET /callback, answers a short page and hands back the query.
/// </summary>
internal sealed class LoopbackRedirectListener : IDisposable
{
    private readonly TcpListener _listener;

    public LoopbackRedirectListener()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Waits for GET /callback?…; other requests (a favicon) are answered 404 and ignored.</summary>
    public async Task<Uri> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            var requestLine = await ReadRequestLineAsync(stream, cancellationToken);
            var parts = requestLine.Split(' ');
            var isCallback = parts.Length >= 2 && parts[0] == "GET" && parts[1].StartsWith("/callback", StringComparison.Ordinal);
            var page = isCallback ? "mcp-doctor: sign-in received. You can close this tab." : "not found";
            var bytes = Encoding.UTF8.GetBytes(
                $"HTTP/1.1 {(isCallback ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(page)}\r\nConnection: close\r\n\r\n{page}");
            await stream.WriteAsync(bytes, cancellationToken);
            if (isCallback)
            {
                return new Uri($"http://localhost:{Port}{parts[1]}");
            }
        }
    }

    private static async Task<string> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
            var text = Encoding.ASCII.GetString(buffer, 0, total);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
            }
        }

        return "";
    }

    public void Dispose() => _listener.Stop();
}
