using Azure.Core.Pipeline;
using Azure.Core;
using Azure.Data.Tables;
using McpFunctions.Maintenance;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Maintenance;

/// <summary>
/// The purge against a real Azurite, with two purgers standing for two app instances (each with its own
/// Table client and pipeline). Table Storage has no TTL (DESIGN.md §3): expired rows must go, live rows
/// must stay, and a row renewed after the query must survive its delete. The purgers judge expiry and
/// the lease by the test's clock; the Table clients sign requests with the real one.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ExpiredRowPurgerTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    private readonly string _table = AzuriteFixture.UniqueTableName("Purge");
    private readonly string _leaseTable = AzuriteFixture.UniqueTableName("Lease");
    private readonly ManualTimeProvider _time = new();
    private readonly CapturedLogs _logs = new();
    private ILoggerFactory? _loggerFactory;

    public void Dispose()
    {
        _loggerFactory?.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Run_DeletesExpiredRows_AndKeepsLiveRowsAndRowsWithoutExpiry()
    {
        // Arrange
        var now = _time.GetUtcNow();
        await SeedAsync(_table, "expired-1", now.AddSeconds(-1));
        await SeedAsync(_table, "expired-2", now.AddDays(-3));
        await SeedAsync(_table, "expired-3", now.AddMinutes(-20));
        await SeedAsync(_table, "live-1", now.AddSeconds(1));
        await SeedAsync(_table, "live-2", now.AddDays(1));
        await SeedAsync(_table, "no-expiry", expiresAt: null);
        var purger = CreatePurger();

        // Act
        var result = await purger.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(PurgeRunOutcome.Purged, result.Outcome);
        var table = Assert.Single(result.Tables);
        Assert.Equal(new PurgeTableResult(_table, Deleted: 3, Renewed: 0, AlreadyGone: 0, LimitReached: false, Failed: false), table);
        Assert.Equal(["live-1", "live-2", "no-expiry"], await RowKeysAsync(_table));
        Assert.Contains(_logs.Lines, line => line.EventId.Id == 4006 && line.Message.Contains($"Purged table {_table}: 3 expired rows deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoInstances_OnlyOnePurgesPerInterval()
    {
        // Arrange
        var instanceA = CreatePurger();
        var instanceB = CreatePurger();
        await SeedAsync(_table, "expired-before-first-run", _time.GetUtcNow().AddMinutes(-1));

        // Act: both race for the first lease.
        var first = await Task.WhenAll(
            Task.Run(() => instanceA.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => instanceB.RunOnceAsync(CancellationToken.None)));

        // Assert
        Assert.Single(first, run => run.Outcome == PurgeRunOutcome.Purged);
        Assert.Single(first, run => run.Outcome is PurgeRunOutcome.LeaseHeld or PurgeRunOutcome.LeaseLost);
        Assert.Empty(await RowKeysAsync(_table));

        // Arrange: a row expires within the interval.
        await SeedAsync(_table, "expired-within-interval", _time.GetUtcNow().AddSeconds(30));
        _time.Advance(Interval - TimeSpan.FromSeconds(1));

        // Act: neither may purge before the interval has passed.
        var second = await Task.WhenAll(instanceA.RunOnceAsync(CancellationToken.None), instanceB.RunOnceAsync(CancellationToken.None));

        // Assert
        Assert.All(second, run => Assert.Equal(PurgeRunOutcome.LeaseHeld, run.Outcome));
        Assert.Equal(["expired-within-interval"], await RowKeysAsync(_table));

        // Act: the interval has passed; both race again.
        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await Task.WhenAll(
            Task.Run(() => instanceA.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => instanceB.RunOnceAsync(CancellationToken.None)));

        // Assert
        var winner = Assert.Single(third, run => run.Outcome == PurgeRunOutcome.Purged);
        Assert.Equal(1, winner.Deleted);
        Assert.Single(third, run => run.Outcome is PurgeRunOutcome.LeaseHeld or PurgeRunOutcome.LeaseLost);
        Assert.Empty(await RowKeysAsync(_table));
    }

    [Fact]
    public async Task Run_KeepsRowRenewedBetweenQueryAndDelete()
    {
        // Arrange: when the purger is about to delete "renewed", another instance renews that session first.
        var now = _time.GetUtcNow();
        await SeedAsync(_table, "renewed", now.AddMinutes(-5));
        await SeedAsync(_table, "expired", now.AddMinutes(-5));
        var renewal = new RenewBeforeDelete(azurite.CreateServiceClient().GetTableClient(_table), "renewed", now.AddDays(1));
        var purger = CreatePurger(configureClient: options => options.AddPolicy(renewal, HttpPipelinePosition.PerCall));

        // Act
        var result = await purger.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.True(renewal.Renewed);
        var table = Assert.Single(result.Tables);
        Assert.Equal(1, table.Deleted);
        Assert.Equal(1, table.Renewed);
        var row = await azurite.CreateServiceClient().GetTableClient(_table).GetEntityAsync("sessions", "renewed", CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal(now.AddDays(1), row.GetDateTimeOffset("ExpiresAt"));
        Assert.Equal(["renewed"], await RowKeysAsync(_table));
    }

    [Fact]
    public async Task Run_StopsAfterMaxBatches_AndTheNextIntervalFinishes()
    {
        // Arrange
        var now = _time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await SeedAsync(_table, $"expired-{i}", now.AddMinutes(-1));
        }

        var purger = CreatePurger(batchSize: 2, maxBatchesPerRun: 2);

        // Act
        var first = await purger.RunOnceAsync(CancellationToken.None);
        _time.Advance(Interval);
        var second = await purger.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(new PurgeTableResult(_table, Deleted: 4, Renewed: 0, AlreadyGone: 0, LimitReached: true, Failed: false), Assert.Single(first.Tables));
        Assert.Contains(_logs.Lines, line => line.EventId.Id == 4007 && line.Level == LogLevel.Warning);
        Assert.Equal(new PurgeTableResult(_table, Deleted: 1, Renewed: 0, AlreadyGone: 0, LimitReached: false, Failed: false), Assert.Single(second.Tables));
        Assert.Empty(await RowKeysAsync(_table));
    }

    [Fact]
    public async Task Run_PurgesEveryRegisteredTable_OncePerTableName()
    {
        // Arrange
        var otherTable = AzuriteFixture.UniqueTableName("Codes");
        var now = _time.GetUtcNow();
        await SeedAsync(_table, "expired", now.AddMinutes(-1));
        await SeedAsync(otherTable, "expired", now.AddMinutes(-1));
        await SeedAsync(otherTable, "live", now.AddMinutes(1));
        var purger = CreatePurger(extraTargets: [new PurgeTableTarget(otherTable, "ExpiresAt"), new PurgeTableTarget(_table.ToUpperInvariant(), "ExpiresAt")]);

        // Act
        var result = await purger.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal([_table, otherTable], result.Tables.Select(table => table.TableName));
        Assert.Equal(2, result.Deleted);
        Assert.Empty(await RowKeysAsync(_table));
        Assert.Equal(["live"], await RowKeysAsync(otherTable));
    }

    [Fact]
    public async Task Run_WritesOwnerLeaseAndResultIntoLeaseRow()
    {
        // Arrange
        var now = _time.GetUtcNow();
        await SeedAsync(_table, "expired", now.AddMinutes(-1));
        var purger = CreatePurger();

        // Act
        await purger.RunOnceAsync(CancellationToken.None);

        // Assert
        var lease = await azurite.CreateServiceClient().GetTableClient(_leaseTable)
            .GetEntityAsync(ExpiredRowPurgeLease.LeasePartitionKey, ExpiredRowPurgeLease.LeaseRowKey, CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Equal(purger.InstanceId, lease.GetString(ExpiredRowPurgeLease.OwnerProperty));
        Assert.Equal(now, lease.GetDateTimeOffset(ExpiredRowPurgeLease.AcquiredAtProperty));
        Assert.Equal(now + Interval, lease.GetDateTimeOffset(ExpiredRowPurgeLease.LeaseUntilProperty));
        Assert.Equal(1, lease.GetInt32(ExpiredRowPurgeLease.LastRunDeletedProperty));
    }

    private ExpiredRowPurger CreatePurger(
        Action<TableClientOptions>? configureClient = null,
        int batchSize = 100,
        int maxBatchesPerRun = 20,
        IEnumerable<IPurgeTarget>? extraTargets = null)
    {
        var options = Options.Create(new ExpiredRowPurgeOptions
        {
            PurgeInterval = Interval,
            BatchSize = batchSize,
            MaxBatchesPerRun = maxBatchesPerRun,
            LeaseTableName = _leaseTable,
        });
        IEnumerable<IPurgeTarget> targets = [new PurgeTableTarget(_table, "ExpiresAt"), .. extraTargets ?? []];
        _loggerFactory ??= LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        return new ExpiredRowPurger(azurite.CreateServiceClient(configureClient: configureClient), targets, options, _time, _loggerFactory.CreateLogger<ExpiredRowPurger>());
    }

    private async Task SeedAsync(string table, string rowKey, DateTimeOffset? expiresAt)
    {
        var entity = new TableEntity("sessions", rowKey) { ["ExpiresAt"] = expiresAt, ["Payload"] = "x" };
        await azurite.CreateServiceClient().GetTableClient(table).AddEntityAsync(entity, CancellationToken.None);
    }

    private async Task<List<string>> RowKeysAsync(string table)
    {
        var keys = new List<string>();
        await foreach (var row in azurite.CreateServiceClient().GetTableClient(table).QueryAsync(null, null, null, CancellationToken.None))
        {
            keys.Add(row.RowKey);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>
    /// Renews one row (new expiry, so a new ETag) just before the purger's DELETE of it is sent: exactly
    /// the window between the purge query and its delete.
    /// </summary>
    private sealed class RenewBeforeDelete(StorageTable table, string rowKey, DateTimeOffset newExpiry) : HttpPipelinePolicy
    {
        public bool Renewed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The Table client sends asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!Renewed
                && message.Request.Method == RequestMethod.Delete
                && Uri.UnescapeDataString(message.Request.Uri.Path).Contains($"RowKey='{rowKey}'", StringComparison.Ordinal))
            {
                var current = await table.GetEntityAsync("sessions", rowKey, CancellationToken.None);
                var renewed = new TableEntity("sessions", rowKey) { ["ExpiresAt"] = newExpiry, ["Payload"] = current!.GetString("Payload") };
                var update = await table.UpdateEntityAsync(renewed, current.ETag.ToString(), CancellationToken.None);
                Renewed = update.Succeeded;
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
