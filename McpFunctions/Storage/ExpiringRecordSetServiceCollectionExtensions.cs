using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Storage;

internal static class ExpiringRecordSetServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IExpiringRecordSet{T}"/> of <typeparamref name="TRecord"/>: a
    /// <see cref="TableExpiringRecordSet{T}"/> in the table <paramref name="tableName"/> names when
    /// <paramref name="inTable"/> (register <see cref="TableStorage"/> first), else an
    /// <see cref="InMemoryExpiringRecordSet{T}"/> holding at most <paramref name="capacity"/> records. Both read the
    /// store's options when first resolved. Idempotent (TryAdd): a set registered earlier, e.g. by a test, wins.
    /// </summary>
    public static IServiceCollection AddExpiringRecordSet<TRecord, TOptions>(
        this IServiceCollection services,
        bool inTable,
        ExpiringRecordSchema<TRecord> schema,
        Func<TOptions, string> tableName,
        Func<TOptions, int> capacity)
        where TRecord : class
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(tableName);
        ArgumentNullException.ThrowIfNull(capacity);

        services.TryAddSingleton(TimeProvider.System);
        if (inTable)
        {
            services.TryAddSingleton<IExpiringRecordSet<TRecord>>(provider => new TableExpiringRecordSet<TRecord>(
                provider.GetRequiredService<TableStorage>(),
                tableName(provider.GetRequiredService<IOptions<TOptions>>().Value),
                schema,
                provider.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.TryAddSingleton<IExpiringRecordSet<TRecord>>(provider => new InMemoryExpiringRecordSet<TRecord>(
                schema,
                provider.GetRequiredService<TimeProvider>(),
                capacity(provider.GetRequiredService<IOptions<TOptions>>().Value)));
        }

        return services;
    }
}
