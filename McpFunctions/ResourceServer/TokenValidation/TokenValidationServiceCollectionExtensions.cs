using McpFunctions.OpenIdConnect;
using McpFunctions.ResourceServer.TokenValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

internal static class TokenValidationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITokenValidator"/> as the shape-routing, caching validator (JWKS, introspection,
    /// userinfo), the <see cref="AuthOptions"/> defaults and start-up checks, and the named HttpClient
    /// <see cref="TokenValidationDefaults.HttpClientName"/>. Idempotent. Binding <see cref="AuthOptions"/> is
    /// <c>AddMcpAuthentication</c>'s job; <see cref="ProtectedResourceUris"/> comes from <c>AddMcpEndpoint</c>.
    /// </summary>
    public static IServiceCollection AddTokenValidation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(TokenValidatorRouter)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AuthOptions>, AuthOptionsDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, TokenValidationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TokenValidationStartupCheck>());

        services.AddBackchannelHttpClient(
            TokenValidationDefaults.HttpClientName, provider => provider.GetRequiredService<IOptions<AuthOptions>>().Value.BackchannelTimeout);

        services.TryAddSingleton<AuthorizationServerMetadata>();
        services.TryAddSingleton<TokenValidationCache>();
        services.TryAddSingleton<JwtTokenValidator>();
        services.TryAddSingleton<IntrospectionTokenValidator>();
        services.TryAddSingleton<UserinfoTokenValidator>();
        services.TryAddSingleton<TokenValidatorRouter>();
        services.TryAddSingleton<ITokenValidator>(provider => provider.GetRequiredService<TokenValidatorRouter>());
        return services;
    }
}
