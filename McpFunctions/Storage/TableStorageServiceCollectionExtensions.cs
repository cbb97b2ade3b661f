using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Storage;

internal static class TableStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process's one <see cref="TableStorage"/> for <paramref name="connection"/>
    /// (read it with <see cref="TableStorageConnection.FromConfiguration(IConfiguration)"/>), its time limits
    /// (<see cref="TableStorageOptions"/>, section <c>Storage</c>, validated at start-up), and
    /// <see cref="TimeProvider.System"/> unless a clock is already registered. Idempotent: the first
    /// registration wins, so every store shares one pipeline and one table-creation cache.
    /// </summary>
    internal static IServiceCollection AddTableStorage(this IServiceCollection services, TableStorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(connection);
        services.AddOptions<TableStorageOptions>()
            .BindConfiguration(TableStorageOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableStorageOptions>, TableStorageOptionsValidator>());
        services.TryAddSingleton(serviceProvider => new TableStorage(
            serviceProvider.GetRequiredService<TableStorageConnection>(),
            serviceProvider.GetRequiredService<TimeProvider>(),
            serviceProvider.GetRequiredService<ILogger<TableStorage>>(),
            serviceProvider.GetRequiredService<IOptions<TableStorageOptions>>().Value));
        return services;
    }
}
