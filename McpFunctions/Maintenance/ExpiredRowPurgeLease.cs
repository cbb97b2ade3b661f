using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.Maintenance;

/// <summary>
/// The purge lease: one row in the lease table that says which instance purged last and until when no other
/// instance may purge. Taking it is a conditional write (insert when absent, If-Match on the ETag just read
/// when expired), so among instances racing for an expired lease exactly one wins; the others get 409/412
/// and skip. The lease is never released early: it is "at most once per interval", not a mutex.
/// </summary>
internal sealed class ExpiredRowPurgeLease(StorageTable table, string instanceId, TimeProvider timeProvider)
{
    public const string LeasePartitionKey = "lease";
    public const string LeaseRowKey = "expired-row-purge";

    public const string OwnerProperty = "Owner";
    public const string AcquiredAtProperty = "AcquiredAt";
    public const string LeaseUntilProperty = "LeaseUntil";
    public const string LastRunCompletedAtProperty = "LastRunCompletedAt";
    public const string LastRunDeletedProperty = "LastRunDeleted";

    /// <summary>Reads the lease; when it has expired (or never existed), takes it for <paramref name="duration"/>.</summary>
    /// <remarks>
    /// Azure.Core retries a write whose answer was lost; the retry of a lease write that did succeed then
    /// answers 409/412 and this instance skips a run it was entitled to. That errs on the side the lease
    /// exists for: at most one purge per interval.
    /// </remarks>
    public async Task<PurgeLeaseResult> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = await table.GetEntityAsync(LeasePartitionKey, LeaseRowKey, cancellationToken);
        if (current?.GetDateTimeOffset(LeaseUntilProperty) is { } heldUntil && heldUntil > now)
        {
            return new PurgeLeaseResult(PurgeRunOutcome.LeaseHeld, current.GetString(OwnerProperty), current.GetDateTimeOffset(AcquiredAtProperty), heldUntil, null);
        }

        var until = now + duration;
        var lease = new TableEntity(LeasePartitionKey, LeaseRowKey)
        {
            [OwnerProperty] = instanceId,
            [AcquiredAtProperty] = now,
            [LeaseUntilProperty] = until,
        };

        var written = current is null
            ? await table.AddEntityAsync(lease, cancellationToken)
            : await table.UpdateEntityAsync(lease, current.ETag == default ? throw MissingETag() : current.ETag.ToString(), cancellationToken);

        return written.Succeeded
            ? new PurgeLeaseResult(PurgeRunOutcome.Purged, instanceId, now, until, written.Value!.ETag.ToString())
            : new PurgeLeaseResult(PurgeRunOutcome.LeaseLost, null, null, null, null);
    }

    /// <summary>
    /// Writes what the run did onto the lease row, for an operator reading the table. Conditional on the
    /// lease's own ETag, so it never overwrites a lease another instance has taken since; losing that race
    /// only loses the note.
    /// </summary>
    public async Task RecordRunAsync(PurgeLeaseResult lease, int deleted, CancellationToken cancellationToken)
    {
        if (!lease.Acquired || lease.ETag is null || lease.AcquiredAt is null || lease.Until is null)
        {
            return;
        }

        var record = new TableEntity(LeasePartitionKey, LeaseRowKey)
        {
            [OwnerProperty] = instanceId,
            [AcquiredAtProperty] = lease.AcquiredAt.Value,
            [LeaseUntilProperty] = lease.Until.Value,
            [LastRunCompletedAtProperty] = timeProvider.GetUtcNow(),
            [LastRunDeletedProperty] = deleted,
        };
        await table.UpdateEntityAsync(record, lease.ETag, cancellationToken);
    }

    // A point read always carries the ETag header; without it a conditional write is impossible.
    private static InvalidOperationException MissingETag() =>
        new("The Table service returned the purge lease row without an ETag; it cannot be taken safely.");
}
