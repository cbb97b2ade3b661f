using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Clients in this process's memory (no storage configured); behaves like <see cref="TableOAuthClientStore"/>.</summary>
internal sealed class InMemoryOAuthClientStore(TimeProvider timeProvider, IOptions<OAuthStoreOptions> options) : IOAuthClientStore
{
    private readonly InMemoryRecordSet<OAuthClientRecord> _clients = new(
        c => c.ClientId, c => c.ExpiresAt, c => c.ETag, (c, etag) => c with { ETag = etag }, timeProvider, options.Value.MaxInMemoryEntries);

    public Task<StoreWriteResult<OAuthClientRecord>> CreateAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_clients.Create(client));
    }

    public Task<OAuthClientRecord?> GetAsync(string clientId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(string.IsNullOrEmpty(clientId) ? null : _clients.Get(clientId));
    }

    public Task<OAuthClientRecord> UpsertAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_clients.Upsert(client));
    }

    public Task<StoreWriteResult<OAuthClientRecord>> UpdateAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_clients.Update(client));
    }

    public Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(!string.IsNullOrEmpty(clientId) && _clients.Delete(clientId));
    }
}
