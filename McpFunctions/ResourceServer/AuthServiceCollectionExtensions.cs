using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>Registers authentication settings and the start-up check that refuses unsafe modes. Idempotent.</summary>
    public static IServiceCollection AddMcpAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddTokenValidation();
        return services;
    }
}
