using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Authorization codes in table <see cref="OAuthStoreOptions.CodesTableName"/> (default <c>OAuthCodes</c>).
/// PartitionKey = SHA-256 of the code (the token endpoint knows only the code: one point read; the code itself
/// is never stored), RowKey = <c>code</c>. Redemption is an If-Match update that sets <c>RedeemedAt</c>, so of
/// two concurrent redemptions exactly one succeeds and a later replay still finds the row and the grant to revoke.
/// The same rows are kept in memory (by the same keys) when no storage is configured.
/// </summary>
internal sealed class AuthorizationCodeStore(IExpiringRecordSet<AuthorizationCodeRecord> records) : IAuthorizationCodeStore
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

    /// <summary>How the rows look: the same in Table Storage and in memory.</summary>
    public static ExpiringRecordSchema<AuthorizationCodeRecord> Schema { get; } = new()
    {
        ToEntity = ToEntity,
        FromEntity = FromEntity,
        ExpiresAt = record => record.ExpiresAt,
        ETag = record => record.ETag,
        WithETag = (record, etag) => record with { ETag = etag },
    };

    /// <summary>Where the rows are (Table Storage or memory).</summary>
    public IExpiringRecordSet<AuthorizationCodeRecord> Records { get; } = records;

    public Task<StoreWriteResult<AuthorizationCodeRecord>> CreateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        OAuthStoreKeys.ValidateKey(code.CodeHash, nameof(code));
        return Records.CreateAsync(code, cancellationToken);
    }

    public Task<AuthorizationCodeRecord?> GetAsync(string codeHash, CancellationToken cancellationToken) =>
        OAuthStoreKeys.IsUsableKey(codeHash)
            ? Records.GetAsync(codeHash, OAuthStoreKeys.CodeRowKey, cancellationToken)
            : Task.FromResult<AuthorizationCodeRecord?>(null);

    public Task<StoreWriteResult<AuthorizationCodeRecord>> UpdateAsync(AuthorizationCodeRecord code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        OAuthStoreKeys.ValidateKey(code.CodeHash, nameof(code));
        return Records.UpdateAsync(code, cancellationToken);
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
