using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Pending authorizations in this process's memory; behaves like <see cref="TablePendingAuthorizationStore"/>.</summary>
internal sealed class InMemoryPendingAuthorizationStore(TimeProvider timeProvider, IOptions<OAuthStoreOptions> options) : IPendingAuthorizationStore
{
    private readonly InMemoryRecordSet<PendingAuthorizationRecord> _pending = new(
        p => p.StateHash, p => p.ExpiresAt, p => p.ETag, (p, etag) => p with { ETag = etag }, timeProvider, options.Value.MaxInMemoryEntries);

    public Task<StoreWriteResult<PendingAuthorizationRecord>> CreateAsync(PendingAuthorizationRecord pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        OAuthStoreKeys.ValidateKey(pending.StateHash, nameof(pending));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_pending.Create(pending));
    }

    public Task<PendingAuthorizationRecord?> ConsumeAsync(string stateHash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(OAuthStoreKeys.IsUsableKey(stateHash) ? _pending.Consume(stateHash) : null);
    }
}
