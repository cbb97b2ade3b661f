using McpFunctions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Sessions;

internal static class SessionStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISessionStore"/>: <see cref="SessionStore.InTable"/> when a storage connection
    /// is configured (see <see cref="TableStorageConnection.FromConfiguration(IConfiguration)"/>: a
    /// connection string or identity-based settings under <c>AzureWebJobsStorage</c>, or the connection
    /// named by <c>Storage:Connection</c>), otherwise <see cref="SessionStore.InMemory"/>. The choice is
    /// logged at start-up. Idempotent (TryAdd*): a store registered earlier, e.g. by a test, wins.
    /// </summary>
    /// <exception cref="InvalidOperationException">Storage settings are present but unusable; the message says what to set.</exception>
    internal static IServiceCollection AddMcpSessionStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SessionStoreOptions>()
            .BindConfiguration(SessionStoreOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionStoreOptions>, SessionStoreOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SessionStoreStartupLog>());
        services.TryAddSingleton<SessionReadCache>();
        services.AddOptions<SessionLifetimeOptions>();
        services.TryAddSingleton<SessionLifetime>();
        services.TryAddSingleton<SessionManager>();

        // Decided here rather than at resolution: with settings present but broken, start-up must fail
        // instead of quietly falling back to sessions that other instances cannot see.
        var connection = TableStorageConnection.FromConfiguration(configuration);
        if (connection is not null)
        {
            services.AddTableStorage(connection);
            services.TryAddSingleton<ISessionStore>(provider => SessionStore.InTable(
                provider.GetRequiredService<TableStorage>(),
                provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.TableName,
                provider.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.TryAddSingleton<ISessionStore>(provider => SessionStore.InMemory(
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.MaxInMemorySessions,
                provider.GetRequiredService<ILogger<SessionStore>>()));
        }

        return services;
    }
}
