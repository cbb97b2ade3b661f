using Azure.Core;
using Azure.Core.Pipeline;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Sessions;

/// <summary>The session contract against a real Azurite, plus what only a shared store can show.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableSessionStoreTests(AzuriteFixture azurite) : SessionStoreContractTests
{
    // Each test (xunit makes one instance per test) gets its own table in the shared Azurite.
    private readonly string _tableName = AzuriteFixture.UniqueTableName("Sessions");

    [Fact]
    public async Task TwoInstances_SeeEachOthersWritesAndDeletes()
    {
        var instanceA = CreateStore(Time);
        var instanceB = CreateStore(Time);
        var session = NewSession();

        var created = (await instanceA.CreateAsync(session, CancellationToken.None)).Value!;
        var seenByB = await instanceB.GetAsync(session.Id, CancellationToken.None);
        var updatedByB = (await instanceB.UpdateAsync(seenByB! with { Initialized = true }, CancellationToken.None)).Value!;
        var seenByA = await instanceA.GetAsync(session.Id, CancellationToken.None);
        var deletedByA = await instanceA.DeleteAsync(session.Id, CancellationToken.None);
        var afterDelete = await instanceB.GetAsync(session.Id, CancellationToken.None);

        Assert.Equal(created, seenByB);
        Assert.Equal(updatedByB, seenByA);
        Assert.True(seenByA!.Initialized);
        Assert.True(deletedByA);
        Assert.Null(afterDelete);
    }

    [Fact]
    public async Task TwoInstances_ExactlyOneUpdateWins_WhenRacingWithSameETag()
    {
        var instanceA = CreateStore(Time);
        var instanceB = CreateStore(Time);
        var created = (await instanceA.CreateAsync(NewSession(), CancellationToken.None)).Value!;
        await instanceB.GetAsync(created.Id, CancellationToken.None);

        var results = await Task.WhenAll(
            Task.Run(() => instanceA.UpdateAsync(created with { Subject = "from-a" }, CancellationToken.None)),
            Task.Run(() => instanceB.UpdateAsync(created with { Subject = "from-b" }, CancellationToken.None)));

        var winner = Assert.Single(results, result => result.Succeeded);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, Assert.Single(results, result => !result.Succeeded).Status);
        Assert.Equal(winner.Value, await instanceA.GetAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Get_SendsExactlyOnePointRead()
    {
        var counter = new RequestRecorder();
        var store = SessionStore.InTable(azurite.CreateServiceClient(configureClient: options => options.AddPolicy(counter, HttpPipelinePosition.PerCall)), _tableName, Time);
        var session = NewSession();
        await store.CreateAsync(session, CancellationToken.None);
        counter.Requests.Clear();

        await store.GetAsync(session.Id, CancellationToken.None);

        var request = Assert.Single(counter.Requests);
        Assert.Equal(
            $"GET /devstoreaccount1/{_tableName}(PartitionKey='{session.Id}',RowKey='session')",
            Uri.UnescapeDataString(request));
    }

    [Fact]
    public async Task Row_IsKeyedBySessionId_AndCarriesTypedExpiryForThePurgeJob()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);

        var row = await azurite.CreateServiceClient().GetTableClient(_tableName)
            .GetEntityAsync(session.Id, SessionRows.SessionRowKey, CancellationToken.None);

        Assert.NotNull(row);
        Assert.Equal("session", row.RowKey);
        Assert.Equal(session.ExpiresAt, row.GetDateTimeOffset(SessionRows.ExpiresAtProperty));
        Assert.Equal("2025-06-18", row.GetString("ProtocolVersion"));
    }

    [Fact]
    public async Task Get_LeavesExpiredRowForThePurgeJob()
    {
        var session = NewSession();
        await Store.CreateAsync(session, CancellationToken.None);
        Time.Advance(session.ExpiresAt - Time.GetUtcNow());

        var read = await Store.GetAsync(session.Id, CancellationToken.None);
        var row = await azurite.CreateServiceClient().GetTableClient(_tableName)
            .GetEntityAsync(session.Id, SessionRows.SessionRowKey, CancellationToken.None);

        Assert.Null(read);
        Assert.NotNull(row);
    }

    internal override ISessionStore CreateStore(TimeProvider timeProvider) =>
        // The client signs with the real clock (Azurite and Azure check the date); the store judges expiry by the test's.
        SessionStore.InTable(azurite.CreateServiceClient(), _tableName, timeProvider);

    /// <summary>Records "METHOD path" of every request sent.</summary>
    private sealed class RequestRecorder : HttpPipelineSynchronousPolicy
    {
        public List<string> Requests { get; } = [];

        public override void OnSendingRequest(HttpMessage message)
        {
            lock (Requests)
            {
                Requests.Add($"{message.Request.Method} {message.Request.Uri.ToUri().AbsolutePath}");
            }
        }
    }
}
