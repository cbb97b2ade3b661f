namespace McpFunctions.Maintenance;

/// <summary>The answer of <see cref="ExpiredRowPurgeLease.TryAcquireAsync"/>.</summary>
/// <param name="Holder">The instance holding the lease (this one when <paramref name="Outcome"/> is Purged); null when lost.</param>
/// <param name="ETag">The lease row's ETag after this instance took it, for recording the run's result.</param>
internal sealed record PurgeLeaseResult(PurgeRunOutcome Outcome, string? Holder, DateTimeOffset? AcquiredAt, DateTimeOffset? Until, string? ETag)
{
    public bool Acquired => Outcome == PurgeRunOutcome.Purged;
}
