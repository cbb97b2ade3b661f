using System.Net.Sockets;

namespace LocalFunctionsHost;

/// <summary>
/// Retries a forwarded request whose connection the worker refused. The worker announces its HTTP address in
/// WorkerInitResponse and loads its functions before its Kestrel listens, so the first request after start-up can
/// find nothing listening; the Functions host retries such requests the same way (azure-functions-host
/// RetryProxyHandler: up to 10 retries, 50 ms growing to 250 ms). Only a refused connect is retried: the request
/// never reached the worker, so repeating it cannot run a function twice.
/// </summary>
internal sealed class WorkerConnectRetryHandler(HttpMessageHandler inner, TimeProvider time) : DelegatingHandler(inner)
{
    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetries = 10;

    private static readonly TimeSpan InitialDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaximumDelay = TimeSpan.FromMilliseconds(250);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var delay = InitialDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt < MaxRetries && IsConnectRefused(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaximumDelay.Ticks));
            }
        }
    }

    private static bool IsConnectRefused(HttpRequestException ex) =>
        ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
}
