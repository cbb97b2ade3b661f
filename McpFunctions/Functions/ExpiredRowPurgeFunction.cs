using McpFunctions.Maintenance;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>
/// Table Storage has no TTL (DESIGN §3): every five minutes one instance checks the purge lease and, when it takes
/// it, deletes expired rows in bounded batches — so a purge happens at most once per <c>Maintenance:PurgeInterval</c>.
/// </summary>
internal sealed class ExpiredRowPurgeFunction(ExpiredRowPurgeRunner runner)
{
    /// <summary>NCRONTAB with seconds: every five minutes.</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function("ExpiredRowPurge")]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => runner.RunOnceAsync(cancellationToken);
}
