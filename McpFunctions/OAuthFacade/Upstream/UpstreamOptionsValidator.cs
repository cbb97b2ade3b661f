using McpFunctions.Hosting;
using McpFunctions.ResourceServer;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// Start-up checks of <c>Facade:Upstream</c> in façade mode. The development upstream lets anyone continue as
/// anyone, so it is refused on Azure (detected by Azure's own variables, not by being run by a Functions host: the
/// local host and Core Tools are Functions hosts too) and outside the Development environment.
/// An OIDC upstream needs an authority (https, or loopback http with RequireHttpsMetadata=false), a client id,
/// and exactly one way to authenticate.
/// </summary>
internal sealed class UpstreamOptionsValidator(IHostEnvironment environment, IConfiguration configuration, IOptions<AuthOptions> authOptions)
    : IValidateOptions<FacadeOptions>
{
    public ValidateOptionsResult Validate(string? name, FacadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (authOptions.Value.Mode != AuthMode.Facade)
        {
            return ValidateOptionsResult.Success;
        }

        var upstream = options.Upstream;
        if (upstream.Kind == UpstreamKind.Development)
        {
            if (FunctionsHostingEnvironment.IsOnAzure(configuration))
            {
                return ValidateOptionsResult.Fail(
                    "Facade:Upstream:Kind is Development — a local sign-in page where anyone can continue as anyone — but the app runs on " +
                    "Azure (WEBSITE_INSTANCE_ID or a public WEBSITE_HOSTNAME is set), where it is reachable from the internet. Set Facade:Upstream:Kind=Oidc with " +
                    "Facade:Upstream:Authority and Facade:Upstream:ClientId (docs/auth-entra.md).");
            }

            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Facade:Upstream:Kind is Development, which only starts in the Development environment (this is '{environment.EnvironmentName}'). " +
                    "Set Facade:Upstream:Kind=Oidc with Facade:Upstream:Authority and Facade:Upstream:ClientId.");
        }

        var failures = new List<string>();
        if (!BackchannelUrlPolicy.IsAllowed(upstream.Authority, upstream.RequireHttpsMetadata))
        {
            failures.Add($"Facade:Upstream:Authority {BackchannelUrlPolicy.Requirement(upstream.RequireHttpsMetadata, UpstreamDefaults.RequireHttpsSetting)}, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 (it is '{upstream.Authority}').");
        }

        if (string.IsNullOrWhiteSpace(upstream.ClientId))
        {
            failures.Add("Facade:Upstream:ClientId is required: the façade's own client id at the provider.");
        }

        var hasSecret = !string.IsNullOrWhiteSpace(upstream.ClientSecret);
        if (hasSecret == upstream.UseManagedIdentityFederation)
        {
            failures.Add(hasSecret
                ? "Set either Facade:Upstream:ClientSecret or Facade:Upstream:UseManagedIdentityFederation=true, not both."
                : "Facade:Upstream needs client authentication: Facade:Upstream:ClientSecret, or UseManagedIdentityFederation=true (Entra ID with a federated credential).");
        }

        if (upstream.ClientAuthenticationMethod is { Length: > 0 } method
            && method is not (OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic or OAuthConstants.ClientAuthenticationMethods.ClientSecretPost))
        {
            failures.Add($"Facade:Upstream:ClientAuthenticationMethod must be client_secret_basic or client_secret_post (it is '{method}'); leave it empty to follow the provider's metadata.");
        }

        if (upstream.BackchannelTimeout <= TimeSpan.Zero)
        {
            failures.Add("Facade:Upstream:BackchannelTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
