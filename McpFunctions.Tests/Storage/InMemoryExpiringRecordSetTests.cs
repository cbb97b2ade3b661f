using McpFunctions.Storage;

namespace McpFunctions.Tests.Storage;

/// <summary>The record-set contract in memory, plus what only a bounded set in one process can show.</summary>
public sealed class InMemoryExpiringRecordSetTests : ExpiringRecordSetContractTests
{
    private InMemoryExpiringRecordSet<Note>? _memory;

    [Fact]
    public async Task AFullSet_DropsExpiredRecordsFirst_ThenTheOneClosestToExpiry_AndReportsLiveEvictions()
    {
        var reports = new List<(int Evicted, int Capacity)>();
        var set = new InMemoryExpiringRecordSet<Note>(Note.Schema, Time, capacity: 2, (evicted, capacity) => reports.Add((evicted, capacity)));
        await set.CreateAsync(NewNote("p", "expiring", lifetime: TimeSpan.FromMinutes(1)), CancellationToken.None);
        await set.CreateAsync(NewNote("p", "soon", lifetime: TimeSpan.FromMinutes(10)), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(2));

        await set.CreateAsync(NewNote("p", "late", lifetime: TimeSpan.FromMinutes(20)), CancellationToken.None);
        var reportsAfterExpiredDropped = reports.Count;
        await set.UpsertAsync(NewNote("p", "latest", lifetime: TimeSpan.FromMinutes(30)), CancellationToken.None);

        Assert.Equal(0, reportsAfterExpiredDropped);
        Assert.Null(await set.GetAsync("p", "soon", CancellationToken.None));
        Assert.NotNull(await set.GetAsync("p", "late", CancellationToken.None));
        Assert.NotNull(await set.GetAsync("p", "latest", CancellationToken.None));
        Assert.Equal([(1, 2)], reports);
    }

    internal override IExpiringRecordSet<Note> CreateSet(TimeProvider timeProvider) =>
        _memory = new InMemoryExpiringRecordSet<Note>(Note.Schema, timeProvider, capacity: 100);

    // Memory has no purge job: an expired record is removed when it is next read (or evicted when the set is full).
    internal override async Task PurgeExpiredAsync(IEnumerable<Note> written)
    {
        foreach (var note in written)
        {
            await Set.GetAsync(note.Partition, note.Row, CancellationToken.None);
        }
    }

    internal override Task<int> StoredRowCountAsync() => Task.FromResult(_memory!.Count);
}
