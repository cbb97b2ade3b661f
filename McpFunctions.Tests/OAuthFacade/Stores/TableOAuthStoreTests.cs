using McpFunctions.Maintenance;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.OAuthFacade.Stores;

/// <summary>The OAuth store contract against a real Azurite, plus what only shared storage can show: two instances racing.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableOAuthStoreTests(AzuriteFixture azurite) : OAuthStoreContractTests
{
    // Each test (xunit makes one instance per test) gets its own tables in the shared Azurite.
    private readonly OAuthStoreOptions _options = new()
    {
        ClientsTableName = AzuriteFixture.UniqueTableName("Clients"),
        PendingAuthorizationsTableName = AzuriteFixture.UniqueTableName("Pending"),
        CodesTableName = AzuriteFixture.UniqueTableName("Codes"),
        GrantsTableName = AzuriteFixture.UniqueTableName("Grants"),
        SigningKeysTableName = AzuriteFixture.UniqueTableName("Keys"),
    };

    [Fact]
    public async Task TwoInstances_ConsumeTheSameState_ExactlyOneGetsIt()
    {
        var instanceA = CreateStores(Time);
        var instanceB = CreateStores(Time);
        var pending = NewPending();
        await instanceA.Pending.CreateAsync(pending, CancellationToken.None);

        var results = await Task.WhenAll(
            Task.Run(() => instanceA.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None)),
            Task.Run(() => instanceB.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None)),
            Task.Run(() => instanceA.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None)),
            Task.Run(() => instanceB.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None)));

        Assert.Single(results, r => r is not null);
        Assert.Null(await instanceA.Pending.ConsumeAsync(pending.StateHash, CancellationToken.None));
    }

    [Fact]
    public async Task TwoInstances_RedeemTheSameCode_ExactlyOneWins()
    {
        var instanceA = CreateStores(Time);
        var instanceB = CreateStores(Time);
        var code = NewCode();
        await instanceA.Codes.CreateAsync(code, CancellationToken.None);
        var readByA = (await instanceA.Codes.GetAsync(code.CodeHash, CancellationToken.None))!;
        var readByB = (await instanceB.Codes.GetAsync(code.CodeHash, CancellationToken.None))!;

        var results = await Task.WhenAll(
            Task.Run(() => instanceA.Codes.UpdateAsync(readByA with { RedeemedAt = Time.GetUtcNow(), RedeemedGrantId = "from-a" }, CancellationToken.None)),
            Task.Run(() => instanceB.Codes.UpdateAsync(readByB with { RedeemedAt = Time.GetUtcNow(), RedeemedGrantId = "from-b" }, CancellationToken.None)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(StoreWriteStatus.PreconditionFailed, Assert.Single(results, r => !r.Succeeded).Status);
        Assert.Equal(winner.Value!.RedeemedGrantId, (await instanceB.Codes.GetAsync(code.CodeHash, CancellationToken.None))!.RedeemedGrantId);
    }

    [Fact]
    public async Task TwoInstances_SeeEachOthersGrantsAndRevocations()
    {
        var instanceA = CreateStores(Time);
        var instanceB = CreateStores(Time);
        var grant = NewGrant();

        await instanceA.Grants.CreateAsync(grant, CancellationToken.None);
        var seenByB = await instanceB.Grants.GetAsync(grant.GrantId, CancellationToken.None);
        await instanceB.Grants.RevokeAsync(grant.GrantId, CancellationToken.None);
        var seenByA = await instanceA.Grants.GetAsync(grant.GrantId, CancellationToken.None);

        Assert.NotNull(seenByB);
        Assert.False(seenByB.Revoked);
        Assert.True(seenByA!.Revoked);
    }

    [Fact]
    public async Task Rows_AreKeyedForPointReads_ListsAreJson_AndNoSecretIsStoredInClear()
    {
        var client = NewClient("https://app.example.com/client.json") with { RedirectUris = ["https://app.example.com/cb"] };
        var code = OAuthSecrets.NewSecret();
        var codeRecord = NewCode() with { CodeHash = OAuthSecrets.Hash(code) };
        await Stores.Clients.CreateAsync(client, CancellationToken.None);
        await Stores.Codes.CreateAsync(codeRecord, CancellationToken.None);
        var service = azurite.CreateServiceClient();

        var clientRow = await service.GetTableClient(_options.ClientsTableName)
            .GetEntityAsync(OAuthSecrets.Hash(client.ClientId), "client", CancellationToken.None);
        var codeRows = await service.GetTableClient(_options.CodesTableName).QueryAsync(null, null, null, CancellationToken.None).ToListAsync();

        Assert.NotNull(clientRow);
        Assert.Equal(client.ClientId, clientRow.GetString("ClientId"));
        Assert.Equal("""["https://app.example.com/cb"]""", clientRow.GetString("RedirectUrisJson"));
        Assert.Equal(client.ExpiresAt, clientRow.GetDateTimeOffset("ExpiresAt"));
        var codeRow = Assert.Single(codeRows);
        Assert.Equal(OAuthSecrets.Hash(code), codeRow.PartitionKey);
        Assert.Equal("code", codeRow.RowKey);
        Assert.DoesNotContain(codeRow.Select(property => property.Value), v => v is string s && s.Contains(code, StringComparison.Ordinal));
        Assert.Equal(codeRecord.ExpiresAt, codeRow.GetDateTimeOffset("ExpiresAt"));
    }

    [Fact]
    public async Task Purge_DeletesExpiredRowsOfEveryOAuthTable_AndKeepsLiveOnes()
    {
        var expiredCode = NewCode() with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        var liveCode = NewCode() with { ExpiresAt = Time.GetUtcNow().AddHours(1) };
        var expiredGrant = NewGrant() with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        var expiredPending = NewPending() with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        var expiredClient = NewClient(OAuthSecrets.NewId()) with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        var expiredKey = NewSigningKey(1) with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        await Stores.Codes.CreateAsync(expiredCode, CancellationToken.None);
        await Stores.Codes.CreateAsync(liveCode, CancellationToken.None);
        await Stores.Grants.CreateAsync(expiredGrant, CancellationToken.None);
        await Stores.Pending.CreateAsync(expiredPending, CancellationToken.None);
        await Stores.Clients.CreateAsync(expiredClient, CancellationToken.None);
        await Stores.SigningKeys.CreateAsync(expiredKey, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(2));
        var purger = new ExpiredRowPurger(
            azurite.CreateServiceClient(),
            PurgeTargetsAsRegistered(),
            Options.Create(new ExpiredRowPurgeOptions { LeaseTableName = AzuriteFixture.UniqueTableName("Lease") }),
            Time,
            NullLogger<ExpiredRowPurger>.Instance);

        var run = await purger.RunOnceAsync(CancellationToken.None);

        Assert.Equal(5, run.Deleted);
        var service = azurite.CreateServiceClient();
        var remainingCodes = await service.GetTableClient(_options.CodesTableName).QueryAsync(null, null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(liveCode.CodeHash, Assert.Single(remainingCodes).PartitionKey);
        foreach (var table in new[] { _options.GrantsTableName, _options.PendingAuthorizationsTableName, _options.ClientsTableName, _options.SigningKeysTableName })
        {
            Assert.Empty(await service.GetTableClient(table).QueryAsync(null, null, null, CancellationToken.None).ToListAsync());
        }
    }

    internal override OAuthStores CreateStores(TimeProvider timeProvider)
    {
        // Each call is another instance of the app: its own client, pipeline and table-creation cache.
        // The client signs with the real clock (Azurite checks the date); the stores judge expiry by the test's.
        var service = azurite.CreateServiceClient();
        return new OAuthStores(
            new OAuthClientStore(new TableExpiringRecordSet<OAuthClientRecord>(service, _options.ClientsTableName, OAuthClientStore.Schema, timeProvider)),
            new PendingAuthorizationStore(new TableExpiringRecordSet<PendingAuthorizationRecord>(service, _options.PendingAuthorizationsTableName, PendingAuthorizationStore.Schema, timeProvider)),
            new AuthorizationCodeStore(new TableExpiringRecordSet<AuthorizationCodeRecord>(service, _options.CodesTableName, AuthorizationCodeStore.Schema, timeProvider)),
            new GrantStore(new TableExpiringRecordSet<GrantRecord>(service, _options.GrantsTableName, GrantStore.Schema, timeProvider), timeProvider),
            new SigningKeyStore(new TableExpiringRecordSet<SigningKeyRecord>(service, _options.SigningKeysTableName, SigningKeyStore.Schema, timeProvider)));
    }

    /// <summary>The purge targets <c>AddOAuthFacadeState</c> registers for these tables when storage is configured.</summary>
    private IEnumerable<IPurgeTarget> PurgeTargetsAsRegistered()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Facade:Storage:ClientsTableName"] = _options.ClientsTableName,
            ["Facade:Storage:PendingAuthorizationsTableName"] = _options.PendingAuthorizationsTableName,
            ["Facade:Storage:CodesTableName"] = _options.CodesTableName,
            ["Facade:Storage:GrantsTableName"] = _options.GrantsTableName,
            ["Facade:Storage:SigningKeysTableName"] = _options.SigningKeysTableName,
        };
        return FacadeStateRegistrationTests.RegisteredPurgeTargets(settings);
    }
}
