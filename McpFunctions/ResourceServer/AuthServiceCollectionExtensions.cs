using McpFunctions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers the resource server: authentication settings and the start-up check that refuses unsafe modes, token
    /// validation, the request authenticator and the protected resources' identifiers (<see cref="ProtectedResourceOptions"/>
    /// are the composition root's to set). Idempotent. Which <see cref="ITokenValidator"/> serves is chosen once by the
    /// composition root; without that choice the resource server's own validator is used.
    /// </summary>
    public static IServiceCollection AddMcpAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(RequestAuthenticator)))
        {
            return services;
        }

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddOptions<ProtectedResourceOptions>();
        services.AddPublicUrls();
        services.AddTokenValidation();
        services.TryAddSingleton<ProtectedResourceUris>();
        services.TryAddSingleton<RequestAuthenticator>();
        services.TryAddSingleton<UnauthenticatedSessionLimiter>();
        return services;
    }
}
