namespace McpFunctions.Maintenance;

/// <summary>What one purge run of one instance did.</summary>
internal enum PurgeRunOutcome
{
    /// <summary>This instance took the lease and purged.</summary>
    Purged,

    /// <summary>Another instance holds the lease for the current interval: skipped.</summary>
    LeaseHeld,

    /// <summary>The lease was free, but another instance took it first (409/412): skipped.</summary>
    LeaseLost,
}
