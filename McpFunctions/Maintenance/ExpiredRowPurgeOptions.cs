namespace McpFunctions.Maintenance;

/// <summary>Settings of the expired-row purge (configuration section <c>Maintenance</c>, app settings <c>Maintenance__...</c>).</summary>
internal sealed class ExpiredRowPurgeOptions
{
    public const string SectionName = "Maintenance";

    /// <summary>Default true. False stops this instance from purging (another instance may still do it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// At most one purge per interval across all instances (default 15 min). Each instance checks the lease
    /// this often; the one that takes it purges, the others skip until the interval has passed.
    /// </summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Rows read per query (<c>$top</c>) and deleted before the next query (default 100, at most 1,000).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Batches per table and run (default 20, so at most 2,000 rows per table each interval with the default
    /// batch size). A bound so one run cannot keep an instance busy for long; the rest waits for the next run.
    /// </summary>
    public int MaxBatchesPerRun { get; set; } = 20;

    /// <summary>
    /// Wait after start-up before the first lease check (default 15 s, plus up to as much again at random):
    /// Flex Consumption instances may live only minutes, so the first run must come soon, but not while the
    /// cold-start requests that woke the instance are still being served.
    /// </summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The table holding the lease row (default <c>Maintenance</c>).</summary>
    public string LeaseTableName { get; set; } = "Maintenance";
}
