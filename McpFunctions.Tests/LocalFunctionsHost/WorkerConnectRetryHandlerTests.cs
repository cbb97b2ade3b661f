using System.Net;
using System.Net.Sockets;
using System.Text;
using LocalFunctionsHost;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>
/// The forwarded request that finds the worker's Kestrel not yet listening: retried while the connection is
/// refused, never when the worker was reached.
/// </summary>
public sealed class WorkerConnectRetryHandlerTests : IDisposable
{
    // Bounds every wait in a test, so that a regression fails instead of hanging.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task RefusedConnection_IsRetriedUntilTheWorkerListens()
    {
        var port = FreePort();
        using var client = new HttpMessageInvoker(new WorkerConnectRetryHandler(new SocketsHttpHandler(), TimeProvider.System));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/mcp") { Content = new StringContent("{}") };
        var sending = client.SendAsync(request, _timeout.Token);

        // Nothing listens yet: the first attempts are refused; then the "worker" starts listening.
        await Task.Delay(TimeSpan.FromMilliseconds(200), _timeout.Token);
        Assert.False(sending.IsCompleted);
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var accepts = AnswerAsync(listener, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", _timeout.Token);

        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10), _timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal(1, await accepts.WaitAsync(TimeSpan.FromSeconds(10), _timeout.Token));
    }

    [Fact]
    public async Task WorkerThatNeverListens_FailsAfterTheLastRetry()
    {
        var inner = new RefusingHandler();
        using var client = new HttpMessageInvoker(new WorkerConnectRetryHandler(inner, TimeProvider.System));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9/");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request, _timeout.Token));

        Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(1 + WorkerConnectRetryHandler.MaxRetries, inner.Attempts);
    }

    [Fact]
    public async Task WorkerThatWasReached_IsNotRetried()
    {
        // The worker accepted the connection and closed it without an answer: the request may have run, so it
        // is not sent again.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepts = CloseEveryConnectionAsync(listener, _timeout.Token);
        using var client = new HttpMessageInvoker(new WorkerConnectRetryHandler(new SocketsHttpHandler(), TimeProvider.System));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/mcp") { Content = new StringContent("{}") };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request, _timeout.Token));
        listener.Stop();

        Assert.Equal(1, await accepts.WaitAsync(TimeSpan.FromSeconds(10), _timeout.Token));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<int> AnswerAsync(TcpListener listener, string response, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptSocketAsync(cancellationToken);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n{}", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
        socket.Shutdown(SocketShutdown.Both);
        return 1;
    }

    private static async Task<int> CloseEveryConnectionAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync(cancellationToken);
                count++;
                socket.Close();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return count;
        }
    }

    private sealed class RefusingHandler : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Attempts++;
            return Task.FromException<HttpResponseMessage>(
                new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        }
    }
}
