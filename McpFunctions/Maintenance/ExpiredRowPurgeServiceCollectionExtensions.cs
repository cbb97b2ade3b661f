using McpFunctions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

internal static class ExpiredRowPurgeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the purge of expired Table Storage rows — run by the timer-triggered function, or in the background
    /// when <paramref name="runInBackground"/> (a process no Functions host runs) (options section <c>Maintenance</c>)
    /// with the session table as its first target. It does nothing unless a storage connection is
    /// configured: the in-memory stores drop expired entries themselves. Idempotent.
    /// </summary>
    public static IServiceCollection AddExpiredRowPurge(this IServiceCollection services, bool runInBackground = true)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ExpiredRowPurgeOptions>()
            .BindConfiguration(ExpiredRowPurgeOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExpiredRowPurgeOptions>, ExpiredRowPurgeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurgeTarget, SessionPurgeTarget>());
        services.TryAddSingleton<ExpiredRowPurgeRunner>();
        if (runInBackground)
        {
            // Without a Functions host there is no timer trigger: the process purges in the background instead.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExpiredRowPurgeService>());
        }

        return services;
    }
}
