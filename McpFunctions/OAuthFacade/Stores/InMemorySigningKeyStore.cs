using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Generated signing keys in this process's memory (gone at restart, like the tokens they signed); one key per generation.</summary>
internal sealed class InMemorySigningKeyStore(TimeProvider timeProvider, IOptions<OAuthStoreOptions> options) : ISigningKeyStore
{
    private readonly InMemoryRecordSet<SigningKeyRecord> _keys = new(
        k => OAuthStoreKeys.SigningKeyRowKey(k.Generation), k => k.ExpiresAt, k => k.ETag, (k, etag) => k with { ETag = etag }, timeProvider, options.Value.MaxInMemoryEntries);

    public Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<SigningKeyRecord>>([.. _keys.List().OrderByDescending(k => k.Generation)]);
    }

    public Task<StoreWriteResult<SigningKeyRecord>> CreateAsync(SigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(key.Generation);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_keys.Create(key));
    }
}
