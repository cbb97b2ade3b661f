using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>Registered clients (DCR) and cached Client ID Metadata Documents. Expired rows read as absent.</summary>
internal interface IOAuthClientStore
{
    Task<StoreWriteResult<OAuthClientRecord>> CreateAsync(OAuthClientRecord client, CancellationToken cancellationToken);

    Task<OAuthClientRecord?> GetAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Insert or replace (metadata-document cache refresh).</summary>
    Task<OAuthClientRecord> UpsertAsync(OAuthClientRecord client, CancellationToken cancellationToken);

    /// <summary>ETag-guarded replace (e.g. sliding <see cref="OAuthClientRecord.LastUsedAt"/>).</summary>
    Task<StoreWriteResult<OAuthClientRecord>> UpdateAsync(OAuthClientRecord client, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>Consented authorization requests awaiting the upstream callback; each consumed at most once.</summary>
internal interface IPendingAuthorizationStore
{
    Task<StoreWriteResult<PendingAuthorizationRecord>> CreateAsync(PendingAuthorizationRecord pending, CancellationToken cancellationToken);

    /// <summary>Reads and deletes in one conditional step: of two concurrent callers with the same state, exactly one gets the record.</summary>
    Task<PendingAuthorizationRecord?> ConsumeAsync(string stateHash, CancellationToken cancellationToken);
}

/// <summary>Authorization codes issued to clients.</summary>
internal interface IAuthorizationCodeStore
{
    Task<StoreWriteResult<AuthorizationCodeRecord>> CreateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken);

    /// <summary>The code row even when already redeemed (so replays can be detected); null when absent or expired.</summary>
    Task<AuthorizationCodeRecord?> GetAsync(string codeHash, CancellationToken cancellationToken);

    /// <summary>ETag-guarded update used to mark redemption; PreconditionFailed means someone else redeemed it first.</summary>
    Task<StoreWriteResult<AuthorizationCodeRecord>> UpdateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken);
}

/// <summary>Grants (refresh-token families).</summary>
internal interface IGrantStore
{
    Task<StoreWriteResult<GrantRecord>> CreateAsync(GrantRecord grant, CancellationToken cancellationToken);

    Task<GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken);

    Task<StoreWriteResult<GrantRecord>> UpdateAsync(GrantRecord grant, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the grant revoked (re-reading and retrying on ETag conflicts, so a concurrent rotation cannot undo it).
    /// False when there is no live grant with this id. Its access tokens stop working within the resource server's
    /// revocation-check window; its refresh tokens at once.
    /// </summary>
    Task<bool> RevokeAsync(string grantId, CancellationToken cancellationToken);
}

/// <summary>Token-signing keys generated at run time (local development); configured keys never touch storage.</summary>
internal interface ISigningKeyStore
{
    /// <summary>Every unexpired key, newest generation first.</summary>
    Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Conflict when a live key of the same <see cref="SigningKeyRecord.Generation"/> exists: another instance generated it first.</summary>
    Task<StoreWriteResult<SigningKeyRecord>> CreateAsync(SigningKeyRecord key, CancellationToken cancellationToken);
}
