using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade;

/// <summary>
/// Fails start-up when the façade's token lifetimes cannot work together, saying what to set. Bounds: an access token
/// lives 1 min … 24 h (the resource server re-checks the grant every 30 s, so a long lifetime does not outlive a
/// revocation, but a token that lives for days is a bearer credential for days if it leaks); a refresh-token family
/// outlives its access tokens; the same-pair grace stays under ten minutes (RFC 9700 §4.14.2 wants reuse noticed).
/// </summary>
internal sealed class FacadeLifetimesValidator : IValidateOptions<FacadeOptions>
{
    internal static readonly TimeSpan MinAccessTokenLifetime = TimeSpan.FromMinutes(1);
    internal static readonly TimeSpan MaxAccessTokenLifetime = TimeSpan.FromHours(24);
    internal static readonly TimeSpan MaxRefreshTokenReuseGrace = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, FacadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AccessTokenLifetime < MinAccessTokenLifetime || options.AccessTokenLifetime > MaxAccessTokenLifetime)
        {
            failures.Add($"Facade:AccessTokenLifetime is {options.AccessTokenLifetime}; set it between 00:01:00 and 1.00:00:00 (default 01:00:00).");
        }

        if (options.RefreshTokenLifetime <= options.AccessTokenLifetime)
        {
            failures.Add($"Facade:RefreshTokenLifetime ({options.RefreshTokenLifetime}) must be longer than Facade:AccessTokenLifetime ({options.AccessTokenLifetime}).");
        }

        if (options.RefreshTokenReuseGrace < TimeSpan.Zero || options.RefreshTokenReuseGrace > MaxRefreshTokenReuseGrace)
        {
            failures.Add($"Facade:RefreshTokenReuseGrace is {options.RefreshTokenReuseGrace}; set it between 00:00:00 and 00:10:00 (default 00:01:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
