using System.Security.Cryptography;
using Azure;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.Maintenance;

/// <summary>
/// One purge run: take the lease (<see cref="ExpiredRowPurgeLease"/>), then for each registered table query
/// <c>{ExpiresAt} lt datetime'now'</c> a batch at a time (<c>$top</c>) and delete each row with If-Match on
/// the ETag the query returned. Table Storage has no TTL (DESIGN.md §3), so this is how expired sessions,
/// codes, pending authorizations and grants leave the tables.
/// </summary>
/// <remarks>
/// Deletes are one request each: session rows are one per partition and an entity group transaction
/// cannot span partitions. The If-Match matters: a session used between the query and the delete has a
/// new ETag and a new expiry, and must survive (412 is counted as "renewed", not as a failure).
/// </remarks>
internal sealed class ExpiredRowPurger
{
    private readonly TableStorage _tableService;
    private readonly ExpiredRowPurgeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ExpiredRowPurger> _logger;
    private readonly ExpiredRowPurgeLease _lease;

    public ExpiredRowPurger(
        TableStorage tableService,
        IEnumerable<IPurgeTarget> targets,
        IOptions<ExpiredRowPurgeOptions> options,
        TimeProvider timeProvider,
        ILogger<ExpiredRowPurger> logger)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _tableService = tableService;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;

        // Table names are case-insensitive in the Table service: one target per table.
        Targets = targets.DistinctBy(target => target.TableName, StringComparer.OrdinalIgnoreCase).ToList();
        InstanceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _lease = new ExpiredRowPurgeLease(tableService.GetTableClient(_options.LeaseTableName), InstanceId, timeProvider);
    }

    /// <summary>Written into the lease row, so an operator can tell which instance purged.</summary>
    public string InstanceId { get; }

    public IReadOnlyList<IPurgeTarget> Targets { get; }

    /// <summary>Purges once if this instance gets the lease; otherwise does nothing but one point read.</summary>
    /// <exception cref="RequestFailedException">The lease table could not be read or written (a storage fault).</exception>
    public async Task<PurgeRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var lease = await _lease.TryAcquireAsync(_options.PurgeInterval, cancellationToken);
        switch (lease.Outcome)
        {
            case PurgeRunOutcome.LeaseHeld:
                ExpiredRowPurgeLog.LeaseHeld(_logger, lease.Holder, lease.Until);
                return PurgeRunResult.Skipped(lease.Outcome);
            case PurgeRunOutcome.LeaseLost:
                ExpiredRowPurgeLog.LeaseLost(_logger);
                return PurgeRunResult.Skipped(lease.Outcome);
        }

        ExpiredRowPurgeLog.LeaseAcquired(_logger, lease.Until, InstanceId);

        // One "now" for the whole run: a row that expires while the run goes on waits for the next one.
        var now = _timeProvider.GetUtcNow();
        var results = new List<PurgeTableResult>(Targets.Count);
        foreach (var target in Targets)
        {
            results.Add(await PurgeTableAsync(target, now, cancellationToken));
        }

        var run = new PurgeRunResult(PurgeRunOutcome.Purged, results);
        await _lease.RecordRunAsync(lease, run.Deleted, cancellationToken);
        ExpiredRowPurgeLog.RunCompleted(_logger, run.Deleted, results.Count, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return run;
    }

    private async Task<PurgeTableResult> PurgeTableAsync(IPurgeTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = _tableService.GetTableClient(target.TableName);
        var filter = TableQueryFilter.LessThan(target.ExpiresAtProperty, now);
        IReadOnlyList<string> select = [target.ExpiresAtProperty];
        int deleted = 0, renewed = 0, alreadyGone = 0, batches = 0;
        string? continuation = null;

        try
        {
            do
            {
                var page = await table.QueryPageAsync(filter, _options.BatchSize, select, continuation, cancellationToken);
                batches++;
                foreach (var row in page.Entities)
                {
                    // Query results always carry odata.etag (minimal metadata); never delete unconditionally.
                    if (row.ETag == default)
                    {
                        continue;
                    }

                    switch (await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag.ToString(), cancellationToken))
                    {
                        case StoreWriteStatus.Success:
                            deleted++;
                            break;
                        case StoreWriteStatus.PreconditionFailed:
                            renewed++;
                            break;
                        case StoreWriteStatus.NotFound:
                            alreadyGone++;
                            break;
                    }
                }

                // Deleting rows behind the continuation point does not move it, so paging simply goes on.
                continuation = page.Continuation;
            }
            while (continuation is not null && batches < _options.MaxBatchesPerRun);
        }
        catch (RequestFailedException exception)
        {
            ExpiredRowPurgeLog.TableFailed(_logger, target.TableName, exception.Status, exception.ErrorCode, exception);
            return new PurgeTableResult(target.TableName, deleted, renewed, alreadyGone, LimitReached: false, Failed: true);
        }

        var limitReached = continuation is not null;
        if (limitReached)
        {
            ExpiredRowPurgeLog.BatchLimitReached(_logger, target.TableName, batches);
        }

        ExpiredRowPurgeLog.TablePurged(_logger, target.TableName, deleted, renewed, alreadyGone);
        return new PurgeTableResult(target.TableName, deleted, renewed, alreadyGone, limitReached, Failed: false);
    }
}
