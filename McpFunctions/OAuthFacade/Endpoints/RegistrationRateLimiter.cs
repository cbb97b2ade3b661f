using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Dynamic registration is open to anyone, so it is limited per client address (<see cref="FacadeOptions.RegistrationsPerMinute"/>).</summary>
internal sealed class RegistrationRateLimiter(IOptions<FacadeOptions> options, IConfiguration configuration) : IDisposable
{
    private readonly ClientAddressRateLimiter _limiter = new(options.Value.RegistrationsPerMinute, configuration);

    public bool TryAcquire(HttpContext context) => _limiter.TryAcquire(context);

    public void Dispose() => _limiter.Dispose();
}
