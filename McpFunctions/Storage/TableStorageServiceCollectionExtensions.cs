using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpFunctions.Storage;

internal static class TableStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process's one <see cref="TableServiceClient"/> for <paramref name="connection"/>
    /// (read it with <see cref="TableStorageConnection.FromConfiguration(IConfiguration)"/>), and
    /// <see cref="TimeProvider.System"/> unless a clock is already registered. Idempotent: the first
    /// registration wins, so every store shares one pipeline and one table-creation cache.
    /// </summary>
    internal static IServiceCollection AddTableStorage(this IServiceCollection services, TableStorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(connection);
        services.TryAddSingleton(serviceProvider => new TableServiceClient(
            serviceProvider.GetRequiredService<TableStorageConnection>(),
            serviceProvider.GetRequiredService<TimeProvider>(),
            serviceProvider.GetRequiredService<ILogger<TableServiceClient>>()));
        return services;
    }
}
