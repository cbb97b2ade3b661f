using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Authorization codes in this process's memory; behaves like <see cref="TableAuthorizationCodeStore"/>.</summary>
internal sealed class InMemoryAuthorizationCodeStore(TimeProvider timeProvider, IOptions<OAuthStoreOptions> options) : IAuthorizationCodeStore
{
    private readonly InMemoryRecordSet<AuthorizationCodeRecord> _codes = new(
        c => c.CodeHash, c => c.ExpiresAt, c => c.ETag, (c, etag) => c with { ETag = etag }, timeProvider, options.Value.MaxInMemoryEntries);

    public Task<StoreWriteResult<AuthorizationCodeRecord>> CreateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        OAuthStoreKeys.ValidateKey(code.CodeHash, nameof(code));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_codes.Create(code));
    }

    public Task<AuthorizationCodeRecord?> GetAsync(string codeHash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(OAuthStoreKeys.IsUsableKey(codeHash) ? _codes.Get(codeHash) : null);
    }

    public Task<StoreWriteResult<AuthorizationCodeRecord>> UpdateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_codes.Update(code));
    }
}
