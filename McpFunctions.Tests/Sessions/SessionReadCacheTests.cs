using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Sessions;

/// <summary>
/// The session read cache on a manual clock: a copy serves for the interval (5 s) and never past it or past its
/// expiry; from half the interval on, one request starts one background re-read (single flight) and is served the
/// copy meanwhile; a re-read never replaces a newer copy nor brings back a removed one.
/// </summary>
public sealed class SessionReadCacheTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ManualTimeProvider _time = new();
    private readonly GatedSessionStore _store;
    private readonly SessionReadCache _cache;

    public SessionReadCacheTests()
    {
        _store = new GatedSessionStore(_time);
        _cache = new SessionReadCache(Options.Create(new SessionStoreOptions { ReadCacheDuration = Interval }), _store, _time, NullLogger<SessionReadCache>.Instance);
    }

    [Fact]
    public async Task TryGet_ServesCopy_WithoutStoreRead_DuringFirstHalfOfInterval()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval / 2 - TimeSpan.FromMilliseconds(1));

        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var served));

        Assert.Same(session, served);
        Assert.Equal(0, _store.Reads);
    }

    [Fact]
    public async Task TryGet_PastHalfInterval_ServesCopy_AndStartsExactlyOneBackgroundRead()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval / 2);
        _store.HoldReads();

        // Many concurrent requests while the re-read is outstanding: all served at once, one read.
        var served = Enumerable.Range(0, 50).Select(_ => _cache.TryGet(session.Id, _time.GetUtcNow(), out var copy) ? copy : null).ToList();

        Assert.All(served, copy => Assert.Same(session, copy));
        Assert.Equal(1, _store.Reads);
    }

    [Fact]
    public async Task BackgroundRead_ReplacesCopy_AndRestartsInterval()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        var changed = (await _store.UpdateAsync(session with { LogLevel = "debug" }, CancellationToken.None)).Value!;
        _time.Advance(Interval / 2);

        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var first));
        await _store.WaitForReadsAsync(1);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));

        Assert.Same(session, first);
        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var refreshed));
        Assert.Equal(changed.ETag, refreshed.ETag);
        Assert.Equal("debug", refreshed.LogLevel);
    }

    [Fact]
    public async Task BackgroundRead_ThatFindsSessionDeleted_DropsCopy()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        await _store.DeleteAsync(session.Id, CancellationToken.None);
        _time.Advance(Interval / 2);

        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
        await _store.WaitForReadsAsync(1);

        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
    }

    [Fact]
    public async Task BackgroundRead_NeverReplacesNewerCopyWrittenMeanwhile()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval / 2);
        _store.HoldReads();
        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));

        // While the re-read is outstanding, this instance writes (as TouchAsync does) and caches what the store returned.
        var written = (await _store.UpdateAsync(session with { Initialized = true }, CancellationToken.None)).Value!;
        _cache.Set(written, _time.GetUtcNow());
        var older = session with { ETag = "stale-etag" };
        _store.ReleaseReads(older);
        await _store.WaitForReadsAsync(1);
        await Task.Delay(50);

        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var served));
        Assert.Equal(written.ETag, served.ETag);
    }

    [Fact]
    public async Task BackgroundRead_NeverBringsBackRemovedCopy()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval / 2);
        _store.HoldReads();
        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));

        _cache.Remove(session.Id);
        _store.ReleaseReads(session);
        await _store.WaitForReadsAsync(1);
        await Task.Delay(50);

        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
    }

    [Fact]
    public async Task FailedBackgroundRead_KeepsCopyUntilIntervalEnds_ThenMisses()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval / 2);
        _store.FailReads = true;

        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
        await _store.WaitForReadsAsync(1);
        await Task.Delay(50);
        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var stillServed));
        _time.Advance(Interval / 2);

        Assert.Same(session, stillServed);
        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
        Assert.Equal(1, _store.Reads);
    }

    [Fact]
    public async Task TryGet_NeverServesCopyPastItsInterval_EvenWhileReadIsOutstanding()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval / 2);
        _store.HoldReads();
        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));

        _time.Advance(Interval / 2);

        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
    }

    [Fact]
    public async Task TryGet_NeverServesExpiredCopy_WithinInterval()
    {
        var session = await CreateAsync(expiresIn: TimeSpan.FromSeconds(1));
        _cache.Set(session, _time.GetUtcNow());

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
        Assert.Equal(0, _store.Reads);
    }

    private async Task<SessionRecord> CreateAsync(TimeSpan? expiresIn = null)
    {
        var now = _time.GetUtcNow();
        var session = new SessionRecord
        {
            Id = McpFunctions.Mcp.SessionIds.New(),
            ProtocolVersion = "2025-06-18",
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + (expiresIn ?? TimeSpan.FromHours(1)),
        };
        return (await _store.CreateAsync(session, CancellationToken.None)).Value!;
    }

    /// <summary>The in-memory store whose reads a test can count, hold, answer with a chosen record, or fail.</summary>
    private sealed class GatedSessionStore(TimeProvider time) : ISessionStore
    {
        private readonly InMemorySessionStore _inner = new(time, Options.Create(new SessionStoreOptions()), NullLogger<InMemorySessionStore>.Instance);
        private TaskCompletionSource<SessionRecord?>? _held;
        private int _reads;
        private int _completedReads;

        public int Reads => Volatile.Read(ref _reads);

        public bool FailReads { get; set; }

        public void HoldReads() => _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseReads(SessionRecord? answer) => _held!.SetResult(answer);

        public async Task WaitForReadsAsync(int count)
        {
            for (var i = 0; i < 200 && Volatile.Read(ref _completedReads) < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.True(Volatile.Read(ref _completedReads) >= count, "the background read did not complete");
        }

        public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            try
            {
                if (FailReads)
                {
                    throw new StorageUnavailableException("get", "McpSessions", TimeSpan.FromSeconds(5), null);
                }

                return _held is { } held ? await held.Task : await _inner.GetAsync(sessionId, cancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref _completedReads);
            }
        }

        public Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken) => _inner.CreateAsync(session, cancellationToken);

        public Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken) => _inner.UpdateAsync(session, cancellationToken);

        public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken) => _inner.DeleteAsync(sessionId, cancellationToken);
    }
}
