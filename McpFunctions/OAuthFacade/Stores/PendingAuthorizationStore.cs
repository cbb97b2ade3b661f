using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Pending authorizations in table <see cref="OAuthStoreOptions.PendingAuthorizationsTableName"/> (default
/// <c>OAuthPendingAuthorizations</c>). PartitionKey = SHA-256 of the upstream <c>state</c> (the callback knows only
/// the state, so this is its one point read; the state itself is never stored), RowKey = <c>pending</c>.
/// The upstream PKCE verifier is stored protected with the shared data-protection keys.
/// The same rows are kept in memory (by the same keys) when no storage is configured.
/// </summary>
internal sealed class PendingAuthorizationStore(IExpiringRecordSet<PendingAuthorizationRecord> records) : IPendingAuthorizationStore
{
    private const string ClientIdProperty = "ClientId";
    private const string RedirectUriProperty = "RedirectUri";
    private const string ClientStateProperty = "ClientState";
    private const string CodeChallengeProperty = "CodeChallenge";
    private const string ScopesProperty = "ScopesJson";
    private const string ResourceProperty = "Resource";
    private const string UpstreamCodeVerifierProperty = "UpstreamCodeVerifierProtected";
    private const string UpstreamNonceProperty = "UpstreamNonce";

    /// <summary>How the rows look: the same in Table Storage and in memory.</summary>
    public static ExpiringRecordSchema<PendingAuthorizationRecord> Schema { get; } = new()
    {
        ToEntity = ToEntity,
        FromEntity = FromEntity,
        ExpiresAt = record => record.ExpiresAt,
        ETag = record => record.ETag,
        WithETag = (record, etag) => record with { ETag = etag },
    };

    /// <summary>Where the rows are (Table Storage or memory).</summary>
    public IExpiringRecordSet<PendingAuthorizationRecord> Records { get; } = records;

    public Task<StoreWriteResult<PendingAuthorizationRecord>> CreateAsync(PendingAuthorizationRecord pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        OAuthStoreKeys.ValidateKey(pending.StateHash, nameof(pending));
        return Records.CreateAsync(pending, cancellationToken);
    }

    public Task<PendingAuthorizationRecord?> ConsumeAsync(string stateHash, CancellationToken cancellationToken) =>
        OAuthStoreKeys.IsUsableKey(stateHash)
            ? Records.ConsumeAsync(stateHash, OAuthStoreKeys.PendingAuthorizationRowKey, cancellationToken)
            : Task.FromResult<PendingAuthorizationRecord?>(null);

    private static TableEntity ToEntity(PendingAuthorizationRecord pending) => new(pending.StateHash, OAuthStoreKeys.PendingAuthorizationRowKey)
    {
        [ClientIdProperty] = pending.ClientId,
        [RedirectUriProperty] = pending.RedirectUri,
        [ClientStateProperty] = pending.ClientState,
        [CodeChallengeProperty] = pending.CodeChallenge,
        [ScopesProperty] = OAuthEntityProperties.ToJson(pending.Scopes),
        [ResourceProperty] = pending.Resource,
        [UpstreamCodeVerifierProperty] = pending.UpstreamCodeVerifierProtected,
        [UpstreamNonceProperty] = pending.UpstreamNonce,
        [OAuthEntityProperties.CreatedAt] = pending.CreatedAt,
        [OAuthEntityProperties.ExpiresAt] = pending.ExpiresAt,
    };

    private static PendingAuthorizationRecord FromEntity(TableEntity entity) => new()
    {
        StateHash = entity.PartitionKey,
        ClientId = OAuthEntityProperties.RequiredString(entity, ClientIdProperty),
        RedirectUri = OAuthEntityProperties.RequiredString(entity, RedirectUriProperty),
        ClientState = entity.GetString(ClientStateProperty),
        CodeChallenge = OAuthEntityProperties.RequiredString(entity, CodeChallengeProperty),
        Scopes = OAuthEntityProperties.ReadList(entity, ScopesProperty),
        Resource = OAuthEntityProperties.RequiredString(entity, ResourceProperty),
        UpstreamCodeVerifierProtected = OAuthEntityProperties.RequiredString(entity, UpstreamCodeVerifierProperty),
        UpstreamNonce = OAuthEntityProperties.RequiredString(entity, UpstreamNonceProperty),
        CreatedAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.CreatedAt),
        ExpiresAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.ExpiresAt),
        ETag = entity.ETag.ToString(),
    };
}
