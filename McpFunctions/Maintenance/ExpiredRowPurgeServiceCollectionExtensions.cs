using McpFunctions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

internal static class ExpiredRowPurgeServiceCollectionExtensions
{
    /// <summary>The property the stores of this app use for a row's expiry.</summary>
    public const string DefaultExpiresAtProperty = "ExpiresAt";

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

    /// <summary>
    /// Adds a table to the purge: rows whose <paramref name="expiresAtProperty"/> (an <c>Edm.DateTime</c>)
    /// is in the past are deleted. For the OAuth stores, e.g. <c>services.AddExpiredRowPurgeTarget("OAuthCodes")</c>.
    /// Idempotent per table name; independent of the order of <see cref="AddExpiredRowPurge"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The table or property name breaks a Table service rule.</exception>
    public static IServiceCollection AddExpiredRowPurgeTarget(this IServiceCollection services, string tableName, string expiresAtProperty = DefaultExpiresAtProperty)
    {
        ArgumentNullException.ThrowIfNull(services);
        TableKeyValidation.ValidateTableName(tableName, nameof(tableName));
        TableKeyValidation.ValidatePropertyName(expiresAtProperty);

        var registered = services.Any(descriptor =>
            descriptor.ServiceType == typeof(IPurgeTarget)
            && descriptor.ImplementationInstance is PurgeTableTarget existing
            && string.Equals(existing.TableName, tableName, StringComparison.OrdinalIgnoreCase));
        if (!registered)
        {
            services.AddSingleton<IPurgeTarget>(new PurgeTableTarget(tableName, expiresAtProperty));
        }

        return services;
    }

    /// <summary>
    /// Adds a table whose name is a setting, read when the purge starts: e.g.
    /// <c>services.AddExpiredRowPurgeTarget&lt;OAuthStoreOptions&gt;(options =&gt; options.CodesTableName)</c>.
    /// Registering the same table twice is harmless: the purge keeps one target per table name.
    /// </summary>
    public static IServiceCollection AddExpiredRowPurgeTarget<TOptions>(
        this IServiceCollection services,
        Func<TOptions, string> tableName,
        string expiresAtProperty = DefaultExpiresAtProperty)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tableName);
        TableKeyValidation.ValidatePropertyName(expiresAtProperty);

        services.AddSingleton<IPurgeTarget>(serviceProvider =>
        {
            var name = tableName(serviceProvider.GetRequiredService<IOptions<TOptions>>().Value);
            TableKeyValidation.ValidateTableName(name, nameof(tableName));
            return new PurgeTableTarget(name, expiresAtProperty);
        });
        return services;
    }
}
