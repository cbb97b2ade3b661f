using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a real service (Azurite), for storage-fault tests: it forwards, or — while
/// <see cref="Stalled"/> — accepts connections and then neither forwards nor answers, the way an overloaded or
/// half-dead storage front end behaves. Connections accepted while stalled stay open and silent until disposal.
/// </summary>
internal sealed class StallingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly Task _acceptLoop;
    private volatile bool _stalled;
    private int _stalledConnections;

    public StallingTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>While true, new connections are accepted and then left without an answer.</summary>
    public bool Stalled
    {
        get => _stalled;
        set => _stalled = value;
    }

    /// <summary>How many connections were accepted while stalled.</summary>
    public int StalledConnections => Volatile.Read(ref _stalledConnections);

    /// <summary>Drops every open connection (as a restarted front end would), so clients must connect again.</summary>
    public void DropConnections()
    {
        while (_connections.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        DropConnections();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(client);
            if (_stalled)
            {
                Interlocked.Increment(ref _stalledConnections);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        _connections.Add(upstream);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            var downstream = client.GetStream();
            var toService = upstream.GetStream();
            await Task.WhenAny(
                downstream.CopyToAsync(toService, _stopping.Token),
                toService.CopyToAsync(downstream, _stopping.Token));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The service is down or a side closed: the client sees the connection end, as it would without the proxy.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }
}
