using McpFunctions.Maintenance;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>
/// Table Storage has no TTL (DESIGN §3): every five minutes one instance checks the purge lease and, when it takes
/// it, deletes expired rows in bounded batches — so a purge happens at most once per <c>Maintenance:PurgeInterval</c>.
/// Public and static like every function (see <see cref="FunctionRouteTable"/>).
/// </summary>
public static class ExpiredRowPurgeFunction
{
    /// <summary>NCRONTAB with seconds: every five minutes.</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function("ExpiredRowPurge")]
    public static Task Run([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.InstanceServices.GetRequiredService<ExpiredRowPurgeRunner>().RunOnceAsync(cancellationToken);
    }
}
