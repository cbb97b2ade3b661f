using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.Sessions;

/// <summary>
/// The in-memory store's cap is exact under concurrent creates (it overshot by ~20% before), eviction takes the
/// session closest to expiry without scanning the store, and evictions are reported in aggregate.
/// </summary>
public sealed class InMemorySessionCapTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;

    public InMemorySessionCapTests() => _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));

    public void Dispose()
    {
        _loggers.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task ConcurrentCreates_NeverHoldMoreThanTheCap_AndReportEvictionsInAggregate()
    {
        const int Cap = 100;
        const int Creates = 4_000;
        var store = CreateStore(Cap);
        var sessions = Enumerable.Range(0, Creates).Select(i => NewSession(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(i))).ToArray();

        var results = await Task.WhenAll(sessions.Select(s => Task.Run(() => store.CreateAsync(s, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(StoreWriteStatus.Success, r.Status));
        var held = await CountHeldAsync(store, sessions);
        Assert.Equal(Cap, held);
        Assert.Single(Evictions());

        // A minute later, the next eviction reports everything evicted since the first report.
        _time.Advance(TimeSpan.FromMinutes(2));
        await store.CreateAsync(NewSession(TimeSpan.FromHours(3)), CancellationToken.None);

        Assert.Equal(2, Evictions().Count);
        Assert.Contains($"evicted {Creates - Cap - 1 + 1} live sessions", Evictions()[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eviction_TakesTheSessionClosestToExpiry_EvenWhenItsExpirySlid()
    {
        var store = CreateStore(2);
        var slides = NewSession(TimeSpan.FromMinutes(10));
        var later = NewSession(TimeSpan.FromMinutes(20));
        var created = (await store.CreateAsync(slides, CancellationToken.None)).Value!;
        await store.CreateAsync(later, CancellationToken.None);
        await store.UpdateAsync(created with { ExpiresAt = _time.GetUtcNow().AddMinutes(30) }, CancellationToken.None);

        await store.CreateAsync(NewSession(TimeSpan.FromMinutes(40)), CancellationToken.None);

        Assert.NotNull(await store.GetAsync(slides.Id, CancellationToken.None));
        Assert.Null(await store.GetAsync(later.Id, CancellationToken.None));
    }

    [Fact]
    public async Task DeletedSessions_FreeTheirPlace_AndTheQueueStaysBounded()
    {
        var store = CreateStore(10);
        for (var i = 0; i < 1_000; i++)
        {
            var session = NewSession(TimeSpan.FromHours(1));
            await store.CreateAsync(session, CancellationToken.None);
            Assert.True(await store.DeleteAsync(session.Id, CancellationToken.None));
        }

        var kept = Enumerable.Range(0, 10).Select(_ => NewSession(TimeSpan.FromHours(1))).ToArray();
        foreach (var session in kept)
        {
            await store.CreateAsync(session, CancellationToken.None);
        }

        Assert.Equal(10, await CountHeldAsync(store, kept));
        Assert.Empty(Evictions());
    }

    private List<CapturedLogs.LogLine> Evictions() => [.. _logs.Lines.Where(l => l.EventId.Id == 3103 && l.Level == LogLevel.Warning)];

    private static async Task<int> CountHeldAsync(SessionStore store, IEnumerable<SessionRecord> sessions)
    {
        var held = 0;
        foreach (var session in sessions)
        {
            held += await store.GetAsync(session.Id, CancellationToken.None) is null ? 0 : 1;
        }

        return held;
    }

    private SessionStore CreateStore(int cap) => SessionStore.InMemory(_time, cap, _loggers.CreateLogger<SessionStore>());

    private SessionRecord NewSession(TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        return new SessionRecord
        {
            Id = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ProtocolVersion = "2025-06-18",
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + lifetime,
        };
    }
}
