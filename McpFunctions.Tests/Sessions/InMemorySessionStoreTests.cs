using McpFunctions.Sessions;
using McpFunctions.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpFunctions.Tests.Sessions;

public sealed class InMemorySessionStoreTests : SessionStoreContractTests
{
    [Fact]
    public async Task Create_EvictsSessionClosestToExpiry_WhenFull()
    {
        var store = CreateStore(Time, maxSessions: 2);
        var first = NewSession();
        var second = NewSession() with { ExpiresAt = first.ExpiresAt.AddMinutes(5) };
        var third = NewSession() with { ExpiresAt = first.ExpiresAt.AddMinutes(10) };
        await store.CreateAsync(first, CancellationToken.None);
        await store.CreateAsync(second, CancellationToken.None);

        var created = await store.CreateAsync(third, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Success, created.Status);
        Assert.Null(await store.GetAsync(first.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(second.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(third.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Create_RemovesExpiredSessionsFirst_WhenFull()
    {
        var store = CreateStore(Time, maxSessions: 2);
        var expiring = NewSession() with { ExpiresAt = Time.GetUtcNow().AddMinutes(1) };
        var live = NewSession() with { ExpiresAt = Time.GetUtcNow().AddMinutes(10) };
        await store.CreateAsync(expiring, CancellationToken.None);
        await store.CreateAsync(live, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(2));

        await store.CreateAsync(NewSession(), CancellationToken.None);

        Assert.NotNull(await store.GetAsync(live.Id, CancellationToken.None));
    }

    internal override ISessionStore CreateStore(TimeProvider timeProvider) => CreateStore(timeProvider, maxSessions: 10_000);

    private static SessionStore CreateStore(TimeProvider timeProvider, int maxSessions) =>
        SessionStore.InMemory(timeProvider, maxSessions, NullLogger.Instance);
}
