using System.Security.Cryptography;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

/// <summary>
/// Runs <see cref="ExpiredRowPurger"/> in the background of every instance. The custom-handler profile
/// serves HTTP only (no timer trigger beside it), so the app purges while it runs; the lease makes that
/// at most once per interval across all instances. Nothing here is on a request's path: start-up returns
/// at once, and a failed run is logged and retried at the next interval instead of stopping the host.
/// </summary>
internal sealed class ExpiredRowPurgeService(
    IServiceProvider services,
    IOptions<ExpiredRowPurgeOptions> options,
    TimeProvider timeProvider,
    ILogger<ExpiredRowPurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            ExpiredRowPurgeLog.DisabledBySetting(logger);
            return;
        }

        // The Table client is registered only when a storage connection is configured (AddMcpSessionStore).
        if (services.GetService<TableStorage>() is null)
        {
            ExpiredRowPurgeLog.NotConfigured(logger);
            return;
        }

        // Created here rather than registered: it needs the Table client, which exists only with storage
        // configured, and Development start-up validates every registration (ValidateOnBuild).
        var purger = ActivatorUtilities.CreateInstance<ExpiredRowPurger>(services);
        ExpiredRowPurgeLog.Started(
            logger,
            settings.PurgeInterval,
            settings.BatchSize,
            string.Join(", ", purger.Targets.Select(target => target.TableName)),
            settings.LeaseTableName,
            purger.InstanceId);

        // Jitter spreads the lease reads of instances that started together.
        var delay = settings.InitialDelay + Jitter(settings.InitialDelay);
        while (true)
        {
            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = settings.PurgeInterval + Jitter(settings.PurgeInterval / 10);
                await purger.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A background job must outlive any failure of one run (storage down, token refused).
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ExpiredRowPurgeLog.RunFailed(logger, delay, exception);
            }
        }
    }

    private static TimeSpan Jitter(TimeSpan max)
    {
        var milliseconds = (int)Math.Clamp(max.TotalMilliseconds, 0, int.MaxValue - 1);
        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(milliseconds + 1));
    }
}
