using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Sessions;

/// <summary>
/// The session read cache on a manual clock: a copy serves for the interval (5 s) and never past it or past its
/// expiry; from half the interval on, one request starts one background re-read (single flight) and is served the
/// copy meanwhile; a re-read never replaces a newer copy nor brings back a removed one. Concurrent misses share one
/// store read (each waiter with its own cancellation), and a failed read is never cached.
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

    [Fact]
    public async Task GetOrRead_ConcurrentMisses_ShareExactlyOneStoreRead()
    {
        var session = await CreateAsync();
        _store.HoldReads();

        var waiters = Enumerable.Range(0, 32).Select(_ => _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None).AsTask()).ToList();
        Assert.All(waiters, waiter => Assert.False(waiter.IsCompleted));
        _store.ReleaseReads(session);
        var answers = await Task.WhenAll(waiters);

        Assert.All(answers, answer => Assert.Same(session, answer));
        Assert.Equal(1, _store.Reads);
        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var cached));
        Assert.Same(session, cached);
    }

    [Fact]
    public async Task GetOrRead_ConcurrentMisses_AfterIntervalEnds_ShareExactlyOneStoreRead()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());
        _time.Advance(Interval);
        _store.HoldReads();

        var waiters = Enumerable.Range(0, 32).Select(_ => _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None).AsTask()).ToList();
        _store.ReleaseReads(session);
        await Task.WhenAll(waiters);

        Assert.Equal(1, _store.Reads);
    }

    [Fact]
    public async Task GetOrRead_WithCountingStore_ParallelMisses_ReadOnce()
    {
        var counting = new CountingSessionStore(_time);
        var cache = new SessionReadCache(Options.Create(new SessionStoreOptions { ReadCacheDuration = Interval }), counting, _time, NullLogger<SessionReadCache>.Instance);
        var now = _time.GetUtcNow();
        var session = (await counting.CreateAsync(new SessionRecord { Id = SessionIds.New(), ProtocolVersion = "2025-06-18", CreatedAt = now, LastSeenAt = now, ExpiresAt = now.AddHours(1) }, CancellationToken.None)).Value!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => cache.GetOrReadAsync(session.Id, now, CancellationToken.None).AsTask())));

        Assert.All(answers, answer => Assert.Equal(session.ETag, answer!.ETag));
        Assert.Equal(2, counting.Operations); // the create, then one read
    }

    [Fact]
    public async Task GetOrRead_CancelledWaiter_DoesNotCancelSharedReadForOthers()
    {
        var session = await CreateAsync();
        _store.HoldReads();
        using var gaveUp = new CancellationTokenSource();

        var first = _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), gaveUp.Token).AsTask();
        var second = _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None).AsTask();
        await gaveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted);
        _store.ReleaseReads(session);
        Assert.Same(session, await second);
        Assert.Equal(1, _store.Reads);
        Assert.False(_store.LastReadToken.CanBeCanceled);
    }

    [Fact]
    public async Task GetOrRead_FailedRead_FailsEveryWaiter_IsNotCached_AndNextRequestReadsAgain()
    {
        var session = await CreateAsync();
        _store.HoldReads();

        var waiters = Enumerable.Range(0, 8).Select(_ => _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None).AsTask()).ToList();
        _store.FailHeldReads(new StorageUnavailableException("get", "McpSessions", TimeSpan.FromSeconds(5), null));

        foreach (var waiter in waiters)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => waiter);
        }

        Assert.Equal(1, _store.Reads);
        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
        _store.StopHolding();

        var retried = await _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(session.ETag, retried!.ETag);
        Assert.Equal(2, _store.Reads);
    }

    [Fact]
    public async Task GetOrRead_MissingSession_ReturnsNull_IsNotCached()
    {
        var first = await _cache.GetOrReadAsync(SessionIds.New(), _time.GetUtcNow(), CancellationToken.None);
        var session = await CreateAsync();
        var second = await _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None);

        Assert.Null(first);
        Assert.Equal(session.ETag, second!.ETag);
        Assert.Equal(2, _store.Reads);
    }

    [Fact]
    public async Task GetOrRead_SharedRead_NeverReplacesCopyWrittenMeanwhile()
    {
        var session = await CreateAsync();
        _store.HoldReads();
        var waiter = _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None).AsTask();

        var written = (await _store.UpdateAsync(session with { Initialized = true }, CancellationToken.None)).Value!;
        _cache.Set(written, _time.GetUtcNow());
        _store.ReleaseReads(session);
        await waiter;

        Assert.True(_cache.TryGet(session.Id, _time.GetUtcNow(), out var served));
        Assert.Equal(written.ETag, served.ETag);
    }

    [Fact]
    public async Task GetOrRead_SharedRead_NeverBringsBackRemovedSession()
    {
        var session = await CreateAsync();
        _store.HoldReads();
        var waiter = _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None).AsTask();

        _cache.Remove(session.Id);
        _store.ReleaseReads(session);
        await waiter;

        Assert.False(_cache.TryGet(session.Id, _time.GetUtcNow(), out _));
    }

    [Fact]
    public async Task GetOrRead_ServesValidCopy_WithoutStoreRead()
    {
        var session = await CreateAsync();
        _cache.Set(session, _time.GetUtcNow());

        var served = await _cache.GetOrReadAsync(session.Id, _time.GetUtcNow(), CancellationToken.None);

        Assert.Same(session, served);
        Assert.Equal(0, _store.Reads);
    }

    private async Task<SessionRecord> CreateAsync(TimeSpan? expiresIn = null)
    {
        var now = _time.GetUtcNow();
        var session = new SessionRecord
        {
            Id = SessionIds.New(),
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
        private readonly SessionStore _inner = SessionStore.InMemory(time, new SessionStoreOptions().MaxInMemorySessions, NullLogger.Instance);
        private TaskCompletionSource<SessionRecord?>? _held;
        private int _reads;
        private int _completedReads;

        public int Reads => Volatile.Read(ref _reads);

        public bool FailReads { get; set; }

        public void HoldReads() => _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseReads(SessionRecord? answer) => _held!.SetResult(answer);

        public void FailHeldReads(Exception exception) => _held!.SetException(exception);

        public void StopHolding() => _held = null;

        public CancellationToken LastReadToken { get; private set; }

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
            LastReadToken = cancellationToken;
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
