using McpFunctions.Maintenance;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Storage;

/// <summary>The record-set contract against a real Azurite; the purge is the timer job's own purger.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableExpiringRecordSetTests(AzuriteFixture azurite) : ExpiringRecordSetContractTests
{
    // Each test (xunit makes one instance per test) gets its own table in the shared Azurite.
    private readonly string _tableName = AzuriteFixture.UniqueTableName("Records");

    [Fact]
    public async Task Rows_AreWrittenAsTheSchemaSays_WithATypedExpiryForThePurgeJob()
    {
        var note = NewNote("p", "r", "text");
        await Set.CreateAsync(note, CancellationToken.None);

        var row = await azurite.CreateServiceClient().GetTableClient(_tableName).GetEntityAsync("p", "r", CancellationToken.None);

        Assert.NotNull(row);
        Assert.Equal("text", row.GetString("Text"));
        Assert.Equal(note.ExpiresAt, row.GetDateTimeOffset("ExpiresAt"));
    }

    // The client signs with the real clock (Azurite checks the date); the set judges expiry by the test's.
    internal override IExpiringRecordSet<Note> CreateSet(TimeProvider timeProvider) =>
        new TableExpiringRecordSet<Note>(azurite.CreateServiceClient(), _tableName, Note.Schema, timeProvider);

    internal override async Task PurgeExpiredAsync(IEnumerable<Note> written)
    {
        var purger = new ExpiredRowPurger(
            azurite.CreateServiceClient(),
            [new PurgeTableTarget(_tableName, PurgeTargetServiceCollectionExtensions.DefaultExpiresAtProperty)],
            Options.Create(new ExpiredRowPurgeOptions { LeaseTableName = AzuriteFixture.UniqueTableName("Lease") }),
            Time,
            NullLogger<ExpiredRowPurger>.Instance);
        var run = await purger.RunOnceAsync(CancellationToken.None);
        Assert.Equal(PurgeRunOutcome.Purged, run.Outcome);
    }

    internal override async Task<int> StoredRowCountAsync() =>
        (await azurite.CreateServiceClient().GetTableClient(_tableName).QueryAsync(null, null, null, CancellationToken.None).ToListAsync()).Count;
}
