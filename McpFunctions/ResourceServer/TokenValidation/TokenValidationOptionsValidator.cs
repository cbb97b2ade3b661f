using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Start-up checks of the token-validation settings, so that a misconfigured deployment fails with a
/// message saying what to set instead of answering every request with 401 or 503.
/// </summary>
internal sealed class TokenValidationOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == AuthMode.Disabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        ValidateAlgorithms(options, failures);
        ValidateLimits(options, failures);
        if (options.Mode == AuthMode.External)
        {
            ValidateAuthority(options, failures);
            ValidateIntrospection(options, failures);
            ValidateEndpoint(options.Userinfo.Enabled, options.Userinfo.Endpoint, "Auth:Userinfo:Endpoint", options.RequireHttpsMetadata, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAuthority(AuthOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.MetadataAddress))
        {
            failures.Add(
                "Auth:Mode is External but neither Auth:Authority nor Auth:MetadataAddress is set. Set Auth:Authority to the authorization server's issuer, " +
                "e.g. https://your-tenant.auth0.com/ (its keys are read from /.well-known/openid-configuration).");
            return;
        }

        ValidateEndpoint(true, options.Authority, "Auth:Authority", options.RequireHttpsMetadata, failures);
        ValidateEndpoint(true, options.MetadataAddress, "Auth:MetadataAddress", options.RequireHttpsMetadata, failures);
    }

    private static void ValidateIntrospection(AuthOptions options, List<string> failures)
    {
        if (!options.Introspection.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.Introspection.ClientId) || string.IsNullOrWhiteSpace(options.Introspection.ClientSecret))
        {
            failures.Add(
                "Auth:Introspection:Enabled is true but Auth:Introspection:ClientId and Auth:Introspection:ClientSecret are not both set: " +
                "the introspection endpoint (RFC 7662 §2.1) only answers this server when it authenticates with its own client credentials.");
        }

        ValidateEndpoint(true, options.Introspection.Endpoint, "Auth:Introspection:Endpoint", options.RequireHttpsMetadata, failures);
    }

    private static void ValidateEndpoint(bool enabled, string? value, string setting, bool requireHttps, List<string> failures)
    {
        if (enabled && !string.IsNullOrWhiteSpace(value) && !BackchannelUrlPolicy.IsAllowed(value, requireHttps))
        {
            failures.Add($"{setting} '{value}' {BackchannelUrlPolicy.Requirement(requireHttps, "Auth:RequireHttpsMetadata")}.");
        }
    }

    private static void ValidateAlgorithms(AuthOptions options, List<string> failures)
    {
        var forbidden = options.ValidAlgorithms.Where(JwtTokenValidator.IsForbiddenAlgorithm).ToList();
        if (forbidden.Count > 0)
        {
            failures.Add(
                $"Auth:ValidAlgorithms contains {string.Join(", ", forbidden)}: 'none' and HMAC algorithms are never accepted (RFC 8725 §3.1–3.2; " +
                "an HMAC key would be shared with every resource server). Use asymmetric algorithms such as RS256, PS256 or ES256, or leave the setting empty for the default list.");
        }
    }

    private static void ValidateLimits(AuthOptions options, List<string> failures)
    {
        if (options.TokenCacheSize < 1)
        {
            failures.Add("Auth:TokenCacheSize must be at least 1.");
        }

        if (options.TokenCacheDuration < TimeSpan.Zero || options.NegativeCacheDuration < TimeSpan.Zero)
        {
            failures.Add("Auth:TokenCacheDuration and Auth:NegativeCacheDuration must not be negative (zero turns caching off).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add("Auth:ClockSkew must be between 00:00:00 and 00:05:00.");
        }

        if (options.BackchannelTimeout <= TimeSpan.Zero || options.BackchannelTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("Auth:BackchannelTimeout must be more than zero and at most 00:01:00.");
        }
    }
}
