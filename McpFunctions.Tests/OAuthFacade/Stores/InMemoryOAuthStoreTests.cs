using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;

namespace McpFunctions.Tests.OAuthFacade.Stores;

public sealed class InMemoryOAuthStoreTests : OAuthStoreContractTests
{
    [Fact]
    public async Task Create_DropsExpiredThenClosestToExpiry_WhenFull()
    {
        var clients = new OAuthClientStore(new InMemoryExpiringRecordSet<OAuthClientRecord>(OAuthClientStore.Schema, Time, capacity: 2));
        var expiring = NewClient(OAuthSecrets.NewId()) with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        var soon = NewClient(OAuthSecrets.NewId()) with { ExpiresAt = Time.GetUtcNow().AddMinutes(10) };
        var late = NewClient(OAuthSecrets.NewId()) with { ExpiresAt = Time.GetUtcNow().AddMinutes(20) };
        var latest = NewClient(OAuthSecrets.NewId()) with { ExpiresAt = Time.GetUtcNow().AddMinutes(30) };
        await clients.CreateAsync(expiring, CancellationToken.None);
        await clients.CreateAsync(soon, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(2));

        await clients.CreateAsync(late, CancellationToken.None);
        await clients.CreateAsync(latest, CancellationToken.None);

        Assert.Null(await clients.GetAsync(soon.ClientId, CancellationToken.None));
        Assert.NotNull(await clients.GetAsync(late.ClientId, CancellationToken.None));
        Assert.NotNull(await clients.GetAsync(latest.ClientId, CancellationToken.None));
    }

    internal override OAuthStores CreateStores(TimeProvider timeProvider)
    {
        var capacity = new OAuthStoreOptions().MaxInMemoryEntries;
        return new OAuthStores(
            new OAuthClientStore(new InMemoryExpiringRecordSet<OAuthClientRecord>(OAuthClientStore.Schema, timeProvider, capacity)),
            new PendingAuthorizationStore(new InMemoryExpiringRecordSet<PendingAuthorizationRecord>(PendingAuthorizationStore.Schema, timeProvider, capacity)),
            new AuthorizationCodeStore(new InMemoryExpiringRecordSet<AuthorizationCodeRecord>(AuthorizationCodeStore.Schema, timeProvider, capacity)),
            new GrantStore(new InMemoryExpiringRecordSet<GrantRecord>(GrantStore.Schema, timeProvider, capacity), timeProvider),
            new SigningKeyStore(new InMemoryExpiringRecordSet<SigningKeyRecord>(SigningKeyStore.Schema, timeProvider, capacity)));
    }
}
