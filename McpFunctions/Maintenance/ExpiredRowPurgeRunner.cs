using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

/// <summary>
/// One purge run on demand, for the timer-triggered function: the same <see cref="ExpiredRowPurger"/> (and lease,
/// so at most one instance purges per <c>Maintenance:PurgeInterval</c>) as the background loop of a process that
/// is not run by a Functions host. A failed run is logged and waits for the next tick.
/// </summary>
internal sealed class ExpiredRowPurgeRunner(
    IServiceProvider services,
    IOptions<ExpiredRowPurgeOptions> options,
    ILogger<ExpiredRowPurgeRunner> logger)
{
    private readonly Lazy<ExpiredRowPurger?> _purger = new(() =>
        // The Table client is registered only when a storage connection is configured (AddMcpSessionStore).
        services.GetService<TableStorage>() is null ? null : ActivatorUtilities.CreateInstance<ExpiredRowPurger>(services));

    /// <summary>Runs once; null when this instance does not purge (turned off, or no Table Storage).</summary>
    public async Task<PurgeRunResult?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            ExpiredRowPurgeLog.DisabledBySetting(logger);
            return null;
        }

        if (_purger.Value is not { } purger)
        {
            ExpiredRowPurgeLog.NotConfigured(logger);
            return null;
        }

        try
        {
            return await purger.RunOnceAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A failed run (storage down, token refused) is logged; the next tick tries again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ExpiredRowPurgeLog.RunFailed(logger, options.Value.PurgeInterval, exception);
            return null;
        }
    }
}
