using Azure.Data.Tables;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Pending authorizations in table <see cref="OAuthStoreOptions.PendingAuthorizationsTableName"/> (default
/// <c>OAuthPendingAuthorizations</c>). PartitionKey = SHA-256 of the upstream <c>state</c> (the callback knows only
/// the state, so this is its one point read; the state itself is never stored), RowKey = <c>pending</c>.
/// The upstream PKCE verifier is stored protected with the shared data-protection keys.
/// </summary>
internal sealed class TablePendingAuthorizationStore : IPendingAuthorizationStore
{
    private const string ClientIdProperty = "ClientId";
    private const string RedirectUriProperty = "RedirectUri";
    private const string ClientStateProperty = "ClientState";
    private const string CodeChallengeProperty = "CodeChallenge";
    private const string ScopesProperty = "ScopesJson";
    private const string ResourceProperty = "Resource";
    private const string UpstreamCodeVerifierProperty = "UpstreamCodeVerifierProtected";
    private const string UpstreamNonceProperty = "UpstreamNonce";

    private readonly TableRecordSet<PendingAuthorizationRecord> _rows;

    public TablePendingAuthorizationStore(TableStorage tableService, IOptions<OAuthStoreOptions> options, TimeProvider timeProvider)
    {
        _rows = new(tableService.GetTableClient(options.Value.PendingAuthorizationsTableName), ToEntity, FromEntity, p => p.ExpiresAt, timeProvider);
    }

    public string TableName => _rows.TableName;

    public Task<StoreWriteResult<PendingAuthorizationRecord>> CreateAsync(PendingAuthorizationRecord pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        OAuthStoreKeys.ValidateKey(pending.StateHash, nameof(pending));
        return _rows.CreateAsync(pending, cancellationToken);
    }

    public Task<PendingAuthorizationRecord?> ConsumeAsync(string stateHash, CancellationToken cancellationToken) =>
        OAuthStoreKeys.IsUsableKey(stateHash)
            ? _rows.ConsumeAsync(stateHash, OAuthStoreKeys.PendingAuthorizationRowKey, cancellationToken)
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
