using McpFunctions.Sessions;
using McpFunctions.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpFunctions.Tests.TestSupport;

/// <summary>The in-memory session store, counting every operation, to prove which requests never touch storage.</summary>
internal sealed class CountingSessionStore(TimeProvider time) : ISessionStore
{
    private readonly SessionStore _inner = SessionStore.InMemory(time, new SessionStoreOptions().MaxInMemorySessions, NullLogger.Instance);
    private int _operations;

    public int Operations => Volatile.Read(ref _operations);

    public Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return _inner.CreateAsync(session, cancellationToken);
    }

    public Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return _inner.GetAsync(sessionId, cancellationToken);
    }

    public Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return _inner.UpdateAsync(session, cancellationToken);
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return _inner.DeleteAsync(sessionId, cancellationToken);
    }
}
