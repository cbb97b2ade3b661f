using Microsoft.Extensions.Options;

namespace McpFunctions.Storage;

/// <summary>
/// How a store declares a table of expiring rows for the purge job (Maintenance), without naming the job: the job
/// reads every registered <see cref="IPurgeTarget"/>. Registering is harmless when no purge runs.
/// </summary>
internal static class PurgeTargetServiceCollectionExtensions
{
    /// <summary>The property the stores of this app use for a row's expiry.</summary>
    public const string DefaultExpiresAtProperty = "ExpiresAt";

    /// <summary>
    /// Adds a table to the purge: rows whose <paramref name="expiresAtProperty"/> (an <c>Edm.DateTime</c>)
    /// is in the past are deleted. For the OAuth stores, e.g. <c>services.AddExpiredRowPurgeTarget("OAuthCodes")</c>.
    /// Idempotent per table name; independent of the order of the purge job's own registration.
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
