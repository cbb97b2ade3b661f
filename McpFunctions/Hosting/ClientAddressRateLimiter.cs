using System.Net;
using System.Threading.RateLimiting;

namespace McpFunctions.Hosting;

/// <summary>
/// A fixed-window limit per client address (ASP.NET Core's rate-limiting primitives; per instance), for the
/// operations anyone may call without a token. Behind the Functions host every request comes from 127.0.0.1, so
/// there the client address is the first <c>X-Forwarded-For</c> entry.
/// </summary>
internal sealed class ClientAddressRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly bool _behindHost;

    public ClientAddressRateLimiter(int permitsPerMinute, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var permits = Math.Max(1, permitsPerMinute);
        _behindHost = FunctionsHostingEnvironment.IsBehindFunctionsHost(configuration);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddress(context));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    private string ClientAddress(HttpContext context)
    {
        if (_behindHost)
        {
            var first = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', 2)[0].Trim();
            if (first.Length > 0)
            {
                // Strip a port if the proxy added one ("203.0.113.7:51234").
                return IPEndPoint.TryParse(first, out var endpoint) ? endpoint.Address.ToString() : first;
            }
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
