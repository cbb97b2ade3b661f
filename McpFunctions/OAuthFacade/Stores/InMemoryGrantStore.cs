using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Grants in this process's memory; behaves like <see cref="TableGrantStore"/>.</summary>
internal sealed class InMemoryGrantStore(TimeProvider timeProvider, IOptions<OAuthStoreOptions> options) : IGrantStore
{
    private readonly InMemoryRecordSet<GrantRecord> _grants = new(
        g => g.GrantId, g => g.ExpiresAt, g => g.ETag, (g, etag) => g with { ETag = etag }, timeProvider, options.Value.MaxInMemoryEntries);

    public Task<StoreWriteResult<GrantRecord>> CreateAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        OAuthStoreKeys.ValidateKey(grant.GrantId, nameof(grant));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_grants.Create(grant));
    }

    public Task<GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(OAuthStoreKeys.IsUsableKey(grantId) ? _grants.Get(grantId) : null);
    }

    public Task<StoreWriteResult<GrantRecord>> UpdateAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_grants.Update(grant));
    }

    public Task<bool> RevokeAsync(string grantId, CancellationToken cancellationToken) =>
        GrantRevocation.RevokeAsync(this, grantId, timeProvider, cancellationToken);
}
