using Azure.Data.Tables;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Storage;

/// <summary>
/// What every <see cref="IExpiringRecordSet{T}"/> must do, run against each implementation by a subclass, so the
/// in-memory set used locally cannot drift from the Table set used on Azure: keys, ETags, expiry at its exact instant,
/// one winner for conditional writes, and expired rows that stop taking space.
/// </summary>
public abstract class ExpiringRecordSetContractTests
{
    private IExpiringRecordSet<Note>? _set;

    /// <summary>The clock the set judges expiry by; sub-second ticks so a set that truncates timestamps fails the round trip.</summary>
    internal ManualTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    internal IExpiringRecordSet<Note> Set => _set ??= CreateSet(Time);

    internal abstract IExpiringRecordSet<Note> CreateSet(TimeProvider timeProvider);

    /// <summary>How this implementation gets rid of expired rows: the purge job for a table, a read for memory.</summary>
    internal abstract Task PurgeExpiredAsync(IEnumerable<Note> written);

    /// <summary>Rows physically held, expired or not.</summary>
    internal abstract Task<int> StoredRowCountAsync();

    [Fact]
    public async Task Insert_ThenRead_RoundTripsTheRecord_WithANewETag()
    {
        var note = NewNote("p", "r");

        var created = await Set.CreateAsync(note, CancellationToken.None);
        var read = await Set.GetAsync("p", "r", CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, created.Status);
        Assert.False(string.IsNullOrEmpty(created.Value!.ETag));
        Assert.Equal(note with { ETag = created.Value.ETag }, created.Value);
        Assert.Equal(created.Value, read);
        Assert.Null(await Set.GetAsync("p", "other", CancellationToken.None));
    }

    [Fact]
    public async Task Insert_ReturnsConflict_WhileALiveRecordHasTheKeys_AndTakesThemOverOnceItExpired()
    {
        var first = NewNote("p", "r", "first", TimeSpan.FromMinutes(1));
        await Set.CreateAsync(first, CancellationToken.None);

        var whileLive = await Set.CreateAsync(first with { Text = "second" }, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));
        var afterExpiry = await Set.CreateAsync(NewNote("p", "r", "third"), CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Conflict, whileLive.Status);
        Assert.Equal(StoreWriteStatus.Success, afterExpiry.Status);
        Assert.Equal("third", (await Set.GetAsync("p", "r", CancellationToken.None))!.Text);
    }

    [Fact]
    public async Task Read_FindsTheRecordUntilTheTickBeforeExpiry_AndNothingFromTheExpiryInstantOn()
    {
        var note = NewNote("p", "r", lifetime: TimeSpan.FromMinutes(30));
        await Set.CreateAsync(note, CancellationToken.None);

        Time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1));
        var beforeExpiry = await Set.GetAsync("p", "r", CancellationToken.None);
        var listedBefore = await Set.ListPartitionAsync("p", CancellationToken.None);
        Time.Advance(TimeSpan.FromTicks(1));
        var atExpiry = await Set.GetAsync("p", "r", CancellationToken.None);
        var listedAt = await Set.ListPartitionAsync("p", CancellationToken.None);

        Assert.NotNull(beforeExpiry);
        Assert.Single(listedBefore);
        Assert.Null(atExpiry);
        Assert.Empty(listedAt);
    }

    [Fact]
    public async Task Replace_WithTheCurrentETag_Succeeds_AndAStaleETagIsAConflictThatChangesNothing()
    {
        var created = (await Set.CreateAsync(NewNote("p", "r"), CancellationToken.None)).Value!;

        var replaced = await Set.UpdateAsync(created with { Text = "first" }, CancellationToken.None);
        var stale = await Set.UpdateAsync(created with { Text = "second" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, replaced.Status);
        Assert.NotEqual(created.ETag, replaced.Value!.ETag);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, stale.Status);
        Assert.Null(stale.Value);
        Assert.Equal(replaced.Value, await Set.GetAsync("p", "r", CancellationToken.None));
    }

    [Fact]
    public async Task Replace_ExactlyOneWins_WhenWritersRaceWithTheSameETag()
    {
        var created = (await Set.CreateAsync(NewNote("p", "r"), CancellationToken.None)).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Set.UpdateAsync(created with { Text = $"writer-{i}" }, CancellationToken.None))));

        var winner = Assert.Single(results, result => result.Succeeded);
        Assert.All(results.Where(result => !result.Succeeded), result => Assert.Equal(StoreWriteStatus.PreconditionFailed, result.Status));
        Assert.Equal(winner.Value, await Set.GetAsync("p", "r", CancellationToken.None));
    }

    [Fact]
    public async Task Replace_Throws_WithoutAnETag_AndIsNotFound_AfterDelete()
    {
        var created = (await Set.CreateAsync(NewNote("p", "r"), CancellationToken.None)).Value!;

        await Assert.ThrowsAsync<ArgumentException>(() => Set.UpdateAsync(created with { ETag = null }, CancellationToken.None));
        Assert.True(await Set.DeleteAsync("p", "r", CancellationToken.None));
        var afterDelete = await Set.UpdateAsync(created with { Text = "late" }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.NotFound, afterDelete.Status);
        Assert.Null(await Set.GetAsync("p", "r", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_IsTrueForALiveRecord_ThenFalse_AndFalseForAnExpiredOne()
    {
        await Set.CreateAsync(NewNote("p", "live"), CancellationToken.None);
        await Set.CreateAsync(NewNote("p", "expiring", lifetime: TimeSpan.FromMinutes(1)), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Set.DeleteAsync("p", "live", CancellationToken.None));
        Assert.False(await Set.DeleteAsync("p", "live", CancellationToken.None));
        Assert.False(await Set.DeleteAsync("p", "expiring", CancellationToken.None));
        Assert.Null(await Set.GetAsync("p", "live", CancellationToken.None));
    }

    [Fact]
    public async Task Upsert_WritesWhateverIsThere_WithANewETag()
    {
        var created = (await Set.CreateAsync(NewNote("p", "r"), CancellationToken.None)).Value!;

        var upserted = await Set.UpsertAsync(NewNote("p", "r", "replaced"), CancellationToken.None);

        Assert.NotEqual(created.ETag, upserted.ETag);
        Assert.Equal(upserted, await Set.GetAsync("p", "r", CancellationToken.None));
        Assert.Equal("replaced", upserted.Text);
    }

    [Fact]
    public async Task Consume_GivesTheRecordToExactlyOneOfConcurrentCallers_AndNothingWhenExpired()
    {
        var created = (await Set.CreateAsync(NewNote("p", "once"), CancellationToken.None)).Value!;
        await Set.CreateAsync(NewNote("p", "expiring", lifetime: TimeSpan.FromMinutes(1)), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => Set.ConsumeAsync("p", "once", CancellationToken.None))));
        Time.Advance(TimeSpan.FromMinutes(1));
        var expired = await Set.ConsumeAsync("p", "expiring", CancellationToken.None);

        Assert.Equal(created, Assert.Single(results, r => r is not null));
        Assert.Null(await Set.GetAsync("p", "once", CancellationToken.None));
        Assert.Null(expired);
    }

    [Fact]
    public async Task ListPartition_ReturnsTheLiveRecordsOfThatPartitionOnly()
    {
        await Set.CreateAsync(NewNote("keys", "b"), CancellationToken.None);
        await Set.CreateAsync(NewNote("keys", "a"), CancellationToken.None);
        await Set.CreateAsync(NewNote("keys", "gone", lifetime: TimeSpan.FromMinutes(1)), CancellationToken.None);
        await Set.CreateAsync(NewNote("other", "a"), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));

        var listed = await Set.ListPartitionAsync("keys", CancellationToken.None);

        Assert.Equal(["a", "b"], listed.Select(n => n.Row).Order(StringComparer.Ordinal));
        Assert.All(listed, n => Assert.Equal("keys", n.Partition));
    }

    [Fact]
    public async Task Purge_RemovesExpiredRows_AndLeavesLiveOnesUntouched()
    {
        var expired = (await Set.CreateAsync(NewNote("p", "expired", lifetime: TimeSpan.FromMinutes(1)), CancellationToken.None)).Value!;
        var live = (await Set.CreateAsync(NewNote("p", "live", lifetime: TimeSpan.FromHours(1)), CancellationToken.None)).Value!;
        Time.Advance(TimeSpan.FromMinutes(2));
        var heldBefore = await StoredRowCountAsync();

        await PurgeExpiredAsync([expired, live]);

        Assert.Equal(2, heldBefore);
        Assert.Equal(1, await StoredRowCountAsync());
        Assert.Equal(live, await Set.GetAsync("p", "live", CancellationToken.None));
        Assert.Equal(StoreWriteStatus.Success, (await Set.CreateAsync(NewNote("p", "expired"), CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001b")]
    public async Task Keys_FollowTheTableServiceRules_InEveryImplementation(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Set.CreateAsync(NewNote(key, "r"), CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Set.GetAsync("p", key, CancellationToken.None));
    }

    private protected Note NewNote(string partition, string row, string text = "note", TimeSpan? lifetime = null) =>
        new(partition, row, text, Time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)), ETag: null);

    /// <summary>The smallest record that exercises a set: two keys, one property, an expiry and an ETag.</summary>
    internal sealed record Note(string Partition, string Row, string Text, DateTimeOffset ExpiresAt, string? ETag)
    {
        public static ExpiringRecordSchema<Note> Schema { get; } = new()
        {
            ToEntity = note => new TableEntity(note.Partition, note.Row) { ["Text"] = note.Text, ["ExpiresAt"] = note.ExpiresAt },
            FromEntity = entity => new Note(entity.PartitionKey, entity.RowKey, entity.GetString("Text")!, entity.GetDateTimeOffset("ExpiresAt")!.Value, entity.ETag.ToString()),
            ExpiresAt = note => note.ExpiresAt,
            ETag = note => note.ETag,
            WithETag = (note, etag) => note with { ETag = etag },
        };
    }
}
