using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpFunctions.Hosting;

internal static class PublicUrlsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="PublicUrls"/> and its options (set by the composition root). Idempotent.</summary>
    public static IServiceCollection AddPublicUrls(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PublicUrlOptions>();
        services.TryAddSingleton<PublicUrls>();
        return services;
    }
}
