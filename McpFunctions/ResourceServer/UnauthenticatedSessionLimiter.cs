using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// Seed preset only: initialize needs no token there, so session creation without one is limited per client
/// address (<see cref="AuthOptions.UnauthenticatedSessionsPerMinute"/>).
/// </summary>
internal sealed class UnauthenticatedSessionLimiter(IOptions<AuthOptions> options, IConfiguration configuration) : IDisposable
{
    private readonly ClientAddressRateLimiter _limiter = new(options.Value.UnauthenticatedSessionsPerMinute, configuration);

    public bool TryAcquire(HttpContext context) => _limiter.TryAcquire(context);

    public void Dispose() => _limiter.Dispose();
}
