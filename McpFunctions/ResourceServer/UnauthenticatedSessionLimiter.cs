using System.Net;
using System.Threading.RateLimiting;
using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// Seed preset only: initialize needs no token there, so session creation without one is rate-limited per
/// client address (ASP.NET Core's rate-limiting primitives; per instance). Behind the Functions host every
/// request comes from 127.0.0.1, so the client address is the first <c>X-Forwarded-For</c> entry there.
/// </summary>
internal sealed class UnauthenticatedSessionLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly bool _behindHost;

    public UnauthenticatedSessionLimiter(IOptions<AuthOptions> options, IConfiguration configuration)
    {
        var permits = Math.Max(1, options.Value.UnauthenticatedSessionsPerMinute);
        _behindHost = FunctionsHostingEnvironment.IsHosted(configuration);
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
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
            var first = forwarded.Split(',', 2)[0].Trim();
            if (first.Length > 0)
            {
                // Strip a port if the proxy added one ("203.0.113.7:51234").
                return IPEndPoint.TryParse(first, out var endpoint) ? endpoint.Address.ToString() : first;
            }
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
