using System.Net;
using System.Threading.RateLimiting;
using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// Dynamic registration is open to anyone, so it is limited per client address (<see cref="FacadeOptions.RegistrationsPerMinute"/>,
/// per instance, ASP.NET Core's rate-limiting primitives). Behind the Functions host every request comes from
/// 127.0.0.1, so the client address is the first <c>X-Forwarded-For</c> entry there.
/// </summary>
internal sealed class RegistrationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly bool _behindHost;

    public RegistrationRateLimiter(IOptions<FacadeOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = Math.Max(1, options.Value.RegistrationsPerMinute);
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
            var first = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', 2)[0].Trim();
            if (first.Length > 0)
            {
                return IPEndPoint.TryParse(first, out var endpoint) ? endpoint.Address.ToString() : first;
            }
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
