using Azure.Data.Tables;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Authorization codes in table <see cref="OAuthStoreOptions.CodesTableName"/> (default <c>OAuthCodes</c>).
/// PartitionKey = SHA-256 of the code (the token endpoint knows only the code: one point read; the code itself
/// is never stored), RowKey = <c>code</c>. Redemption is an If-Match update that sets <c>RedeemedAt</c>, so of
/// two concurrent redemptions exactly one succeeds and a later replay still finds the row and the grant to revoke.
/// </summary>
internal sealed class TableAuthorizationCodeStore : IAuthorizationCodeStore
{
    private const string ClientIdProperty = "ClientId";
    private const string RedirectUriProperty = "RedirectUri";
    private const string CodeChallengeProperty = "CodeChallenge";
    private const string ScopesProperty = "ScopesJson";
    private const string ResourceProperty = "Resource";
    private const string SubjectProperty = "Subject";
    private const string ClaimsJsonProperty = "ClaimsJson";
    private const string UpstreamRefreshTokenProperty = "UpstreamRefreshTokenProtected";
    private const string RedeemedGrantIdProperty = "RedeemedGrantId";
    private const string RedeemedAtProperty = "RedeemedAt";

    private readonly TableRecordSet<AuthorizationCodeRecord> _rows;

    public TableAuthorizationCodeStore(TableStorage tableService, IOptions<OAuthStoreOptions> options, TimeProvider timeProvider)
    {
        _rows = new(tableService.GetTableClient(options.Value.CodesTableName), ToEntity, FromEntity, c => c.ExpiresAt, timeProvider);
    }

    public string TableName => _rows.TableName;

    public Task<StoreWriteResult<AuthorizationCodeRecord>> CreateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        OAuthStoreKeys.ValidateKey(code.CodeHash, nameof(code));
        return _rows.CreateAsync(code, cancellationToken);
    }

    public Task<AuthorizationCodeRecord?> GetAsync(string codeHash, CancellationToken cancellationToken) =>
        OAuthStoreKeys.IsUsableKey(codeHash)
            ? _rows.GetAsync(codeHash, OAuthStoreKeys.CodeRowKey, cancellationToken)
            : Task.FromResult<AuthorizationCodeRecord?>(null);

    public Task<StoreWriteResult<AuthorizationCodeRecord>> UpdateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        OAuthStoreKeys.ValidateKey(code.CodeHash, nameof(code));
        return _rows.UpdateAsync(code, code.ETag, cancellationToken);
    }

    private static TableEntity ToEntity(AuthorizationCodeRecord code) => new(code.CodeHash, OAuthStoreKeys.CodeRowKey)
    {
        [ClientIdProperty] = code.ClientId,
        [RedirectUriProperty] = code.RedirectUri,
        [CodeChallengeProperty] = code.CodeChallenge,
        [ScopesProperty] = OAuthEntityProperties.ToJson(code.Scopes),
        [ResourceProperty] = code.Resource,
        [SubjectProperty] = code.Subject,
        [ClaimsJsonProperty] = code.ClaimsJson,
        [UpstreamRefreshTokenProperty] = code.UpstreamRefreshTokenProtected,
        [RedeemedGrantIdProperty] = code.RedeemedGrantId,
        [RedeemedAtProperty] = code.RedeemedAt,
        [OAuthEntityProperties.CreatedAt] = code.CreatedAt,
        [OAuthEntityProperties.ExpiresAt] = code.ExpiresAt,
    };

    private static AuthorizationCodeRecord FromEntity(TableEntity entity) => new()
    {
        CodeHash = entity.PartitionKey,
        ClientId = OAuthEntityProperties.RequiredString(entity, ClientIdProperty),
        RedirectUri = OAuthEntityProperties.RequiredString(entity, RedirectUriProperty),
        CodeChallenge = OAuthEntityProperties.RequiredString(entity, CodeChallengeProperty),
        Scopes = OAuthEntityProperties.ReadList(entity, ScopesProperty),
        Resource = OAuthEntityProperties.RequiredString(entity, ResourceProperty),
        Subject = OAuthEntityProperties.RequiredString(entity, SubjectProperty),
        ClaimsJson = entity.GetString(ClaimsJsonProperty),
        UpstreamRefreshTokenProtected = entity.GetString(UpstreamRefreshTokenProperty),
        RedeemedGrantId = entity.GetString(RedeemedGrantIdProperty),
        RedeemedAt = entity.GetDateTimeOffset(RedeemedAtProperty),
        CreatedAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.CreatedAt),
        ExpiresAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.ExpiresAt),
        ETag = entity.ETag.ToString(),
    };
}
