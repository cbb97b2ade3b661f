using Azure;
using Azure.Data.Tables;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Storage;

/// <summary>The table adapter over Azure.Data.Tables against a real Azurite: each test gets its own table.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageTableTests(AzuriteFixture azurite)
{
    private readonly TableStorage _service = azurite.CreateServiceClient();
    private readonly string _tableName = AzuriteFixture.UniqueTableName("Client");

    private StorageTable Table => _service.GetTableClient(_tableName);

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryPropertyType()
    {
        var when = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        var entity = new TableEntity("partition", "row")
        {
            ["Text"] = "héllo 'quoted' \"json\"",
            ["Flag"] = true,
            ["Small"] = int.MinValue,
            ["Large"] = long.MaxValue,
            ["Ratio"] = 0.1,
            ["Whole"] = 3.0,
            ["When"] = when,
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
        };

        var added = await Table.AddEntityAsync(entity, CancellationToken.None);
        var read = await Table.GetEntityAsync("partition", "row", CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, added.Status);
        Assert.NotEqual(default, added.Value!.ETag);
        Assert.NotNull(read);
        Assert.Equal(added.Value.ETag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("héllo 'quoted' \"json\"", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(int.MinValue, read.GetInt32("Small"));
        Assert.Equal(long.MaxValue, read.GetInt64("Large"));
        Assert.Equal(0.1, read.GetDouble("Ratio"));
        Assert.Equal(3.0, read.GetDouble("Whole"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, read.GetBinary("Bytes"));
    }

    [Theory]
    [InlineData("it's", "a''b")]
    [InlineData("with space", "ü 漢字 ~!$&()*+,;=:@")]
    [InlineData("", "")]
    [InlineData("%20", "%27")]
    public async Task Keys_RoundTrip_WhenTheyNeedEscaping(string partitionKey, string rowKey)
    {
        await Table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 1 }, CancellationToken.None);

        var read = await Table.GetEntityAsync(partitionKey, rowKey, CancellationToken.None);
        var deleted = await Table.DeleteEntityAsync(partitionKey, rowKey, "*", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(partitionKey, read.PartitionKey);
        Assert.Equal(rowKey, read.RowKey);
        Assert.Equal(StoreWriteStatus.Success, deleted);
    }

    [Fact]
    public async Task Get_ReturnsNull_WhenEntityMissing()
    {
        Assert.Null(await Table.GetEntityAsync("nobody", "here", CancellationToken.None));
    }

    [Fact]
    public async Task Add_ReturnsConflict_WhenEntityExists()
    {
        await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 }, CancellationToken.None);

        var second = await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Conflict, second.Status);
        Assert.Null(second.Value);
        Assert.Equal(1, (await Table.GetEntityAsync("p", "r", CancellationToken.None))!.GetInt32("V"));
    }

    [Fact]
    public async Task Update_ReplacesEntity_WhenETagMatches_AndReturnsNewETag()
    {
        var added = (await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1, ["Dropped"] = "x" }, CancellationToken.None)).Value!;

        var updated = await Table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, added.ETag.ToString(), CancellationToken.None);
        var read = await Table.GetEntityAsync("p", "r", CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, updated.Status);
        Assert.NotEqual(added.ETag, updated.Value!.ETag);
        Assert.Equal(updated.Value.ETag, read!.ETag);
        Assert.Equal(2, read.GetInt32("V"));
        Assert.False(read.ContainsKey("Dropped"));
    }

    [Fact]
    public async Task Update_ReturnsPreconditionFailed_WhenETagStale()
    {
        var added = (await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 }, CancellationToken.None)).Value!;
        await Table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, added.ETag.ToString(), CancellationToken.None);

        var stale = await Table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, added.ETag.ToString(), CancellationToken.None);

        Assert.Equal(StoreWriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal(2, (await Table.GetEntityAsync("p", "r", CancellationToken.None))!.GetInt32("V"));
    }

    [Fact]
    public async Task Update_ReturnsNotFound_WhenEntityMissing()
    {
        var result = await Table.UpdateEntityAsync(new TableEntity("p", "missing"), "*", CancellationToken.None);

        Assert.Equal(StoreWriteStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Upsert_InsertsThenReplaces_WithoutETag()
    {
        var inserted = await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 1 }, CancellationToken.None);
        var replaced = await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, CancellationToken.None);

        Assert.NotEqual(inserted.ETag, replaced.ETag);
        Assert.Equal(2, (await Table.GetEntityAsync("p", "r", CancellationToken.None))!.GetInt32("V"));
    }

    [Fact]
    public async Task Delete_HonoursIfMatch_AndReportsMissingEntity()
    {
        var added = (await Table.AddEntityAsync(new TableEntity("p", "r"), CancellationToken.None)).Value!;
        await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, CancellationToken.None);

        var stale = await Table.DeleteEntityAsync("p", "r", added.ETag.ToString(), CancellationToken.None);
        var current = await Table.DeleteEntityAsync("p", "r", "*", CancellationToken.None);
        var again = await Table.DeleteEntityAsync("p", "r", "*", CancellationToken.None);

        Assert.Equal(StoreWriteStatus.PreconditionFailed, stale);
        Assert.Equal(StoreWriteStatus.Success, current);
        Assert.Equal(StoreWriteStatus.NotFound, again);
    }

    [Fact]
    public async Task Query_FollowsContinuation_AndAppliesFilterAndSelect()
    {
        for (var i = 0; i < 7; i++)
        {
            await Table.AddEntityAsync(new TableEntity("q", $"r{i}") { ["N"] = i, ["Kind"] = i % 2 == 0 ? "even" : "odd's", ["Extra"] = "x" }, CancellationToken.None);
        }

        await Table.AddEntityAsync(new TableEntity("other", "r0") { ["N"] = 0, ["Kind"] = "odd's" }, CancellationToken.None);
        var filter = $"{TableQueryFilter.Equal("PartitionKey", "q")} and {TableQueryFilter.Equal("Kind", "odd's")}";

        var firstPage = await Table.QueryPageAsync(filter, 2, ["N"], null, CancellationToken.None);
        var all = new List<TableEntity>();
        await foreach (var entity in Table.QueryAsync(filter, 2, ["N"], CancellationToken.None))
        {
            all.Add(entity);
        }

        Assert.Equal(2, firstPage.Entities.Count);
        Assert.NotNull(firstPage.Continuation);
        Assert.Equal([1, 3, 5], all.Select(entity => entity.GetInt32("N")!.Value));
        Assert.All(all, entity => Assert.False(entity.ContainsKey("Extra")));
        Assert.All(all, entity => Assert.Equal("q", entity.PartitionKey));
        Assert.All(all, entity => Assert.NotEqual(default, entity.ETag));
    }

    [Fact]
    public async Task Query_FiltersOnDateTime_AsThePurgeJobWill()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Table.AddEntityAsync(new TableEntity("p", "old") { ["ExpiresAt"] = now.AddMinutes(-1) }, CancellationToken.None);
        await Table.AddEntityAsync(new TableEntity("p", "new") { ["ExpiresAt"] = now.AddMinutes(1) }, CancellationToken.None);

        var page = await Table.QueryPageAsync(TableQueryFilter.LessThan("ExpiresAt", now), null, null, null, CancellationToken.None);

        Assert.Equal("old", Assert.Single(page.Entities).RowKey);
    }

    [Fact]
    public async Task Operations_CreateTableAgain_WhenDeletedAfterFirstUse()
    {
        await Table.AddEntityAsync(new TableEntity("p", "r"), CancellationToken.None);
        Assert.True(await azurite.CreateServiceClient().DeleteTableAsync(_tableName, CancellationToken.None));

        var added = await Table.AddEntityAsync(new TableEntity("p", "r"), CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, added.Status);
    }

    [Fact]
    public async Task Operations_Throw_RequestFailedException_OnServiceFault()
    {
        // A string property over the service's 64 KiB limit is a 400: a fault, not a result.
        var entity = new TableEntity("p", "r") { ["Huge"] = new string('x', 40_000) };

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => Table.AddEntityAsync(entity, CancellationToken.None));

        Assert.Equal(400, exception.Status);
    }

    [Fact]
    public async Task Get_ThrowsArgumentException_BeforeSending_WhenKeyForbidden()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Table.GetEntityAsync("p", "a/b", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Table.DeleteEntityAsync("p?", "r", "*", CancellationToken.None));
    }
}
