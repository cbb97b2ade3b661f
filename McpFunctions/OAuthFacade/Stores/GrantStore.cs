using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Grants in table <see cref="OAuthStoreOptions.GrantsTableName"/> (default <c>OAuthGrants</c>). PartitionKey =
/// the grant id (a refresh token is <c>{grantId}.{secret}</c> and the resource server checks <c>gid</c>: both are
/// one point read), RowKey = <c>grant</c>. Refresh tokens only as SHA-256; the rotation response and the
/// upstream refresh token protected with the shared data-protection keys. Every update is If-Match, so two
/// concurrent rotations cannot both succeed.
/// The same rows are kept in memory (by the same keys) when no storage is configured.
/// </summary>
internal sealed class GrantStore(IExpiringRecordSet<GrantRecord> records, TimeProvider timeProvider) : IGrantStore
{
    private const string ClientIdProperty = "ClientId";
    private const string SubjectProperty = "Subject";
    private const string ScopesProperty = "ScopesJson";
    private const string ResourceProperty = "Resource";
    private const string ClaimsJsonProperty = "ClaimsJson";
    private const string RefreshTokenHashProperty = "RefreshTokenHash";
    private const string PreviousRefreshTokenHashProperty = "PreviousRefreshTokenHash";
    private const string PreviousValidUntilProperty = "PreviousValidUntil";
    private const string LastRotationResponseProperty = "LastRotationResponseProtected";
    private const string RetiredRefreshTokenHashesProperty = "RetiredRefreshTokenHashesJson";
    private const string UpstreamRefreshTokenProperty = "UpstreamRefreshTokenProtected";
    private const string RevokedProperty = "Revoked";
    private const string UpdatedAtProperty = "UpdatedAt";

    /// <summary>How the rows look: the same in Table Storage and in memory.</summary>
    public static ExpiringRecordSchema<GrantRecord> Schema { get; } = new()
    {
        ToEntity = ToEntity,
        FromEntity = FromEntity,
        ExpiresAt = record => record.ExpiresAt,
        ETag = record => record.ETag,
        WithETag = (record, etag) => record with { ETag = etag },
    };

    /// <summary>Where the rows are (Table Storage or memory).</summary>
    public IExpiringRecordSet<GrantRecord> Records { get; } = records;

    public Task<StoreWriteResult<GrantRecord>> CreateAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        OAuthStoreKeys.ValidateKey(grant.GrantId, nameof(grant));
        return Records.CreateAsync(grant, cancellationToken);
    }

    public Task<GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken) =>
        OAuthStoreKeys.IsUsableKey(grantId)
            ? Records.GetAsync(grantId, OAuthStoreKeys.GrantRowKey, cancellationToken)
            : Task.FromResult<GrantRecord?>(null);

    public Task<StoreWriteResult<GrantRecord>> UpdateAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        OAuthStoreKeys.ValidateKey(grant.GrantId, nameof(grant));
        return Records.UpdateAsync(grant, cancellationToken);
    }

    public Task<bool> RevokeAsync(string grantId, CancellationToken cancellationToken) =>
        GrantRevocation.RevokeAsync(this, grantId, timeProvider, cancellationToken);

    private static TableEntity ToEntity(GrantRecord grant) => new(grant.GrantId, OAuthStoreKeys.GrantRowKey)
    {
        [ClientIdProperty] = grant.ClientId,
        [SubjectProperty] = grant.Subject,
        [ScopesProperty] = OAuthEntityProperties.ToJson(grant.Scopes),
        [ResourceProperty] = grant.Resource,
        [ClaimsJsonProperty] = grant.ClaimsJson,
        [RefreshTokenHashProperty] = grant.RefreshTokenHash,
        [PreviousRefreshTokenHashProperty] = grant.PreviousRefreshTokenHash,
        [PreviousValidUntilProperty] = grant.PreviousValidUntil,
        [LastRotationResponseProperty] = grant.LastRotationResponseProtected,
        [RetiredRefreshTokenHashesProperty] = grant.RetiredRefreshTokenHashes.Count == 0 ? null : OAuthEntityProperties.ToJson(grant.RetiredRefreshTokenHashes),
        [UpstreamRefreshTokenProperty] = grant.UpstreamRefreshTokenProtected,
        [RevokedProperty] = grant.Revoked,
        [OAuthEntityProperties.CreatedAt] = grant.CreatedAt,
        [UpdatedAtProperty] = grant.UpdatedAt,
        [OAuthEntityProperties.ExpiresAt] = grant.ExpiresAt,
    };

    private static GrantRecord FromEntity(TableEntity entity) => new()
    {
        GrantId = entity.PartitionKey,
        ClientId = OAuthEntityProperties.RequiredString(entity, ClientIdProperty),
        Subject = OAuthEntityProperties.RequiredString(entity, SubjectProperty),
        Scopes = OAuthEntityProperties.ReadList(entity, ScopesProperty),
        Resource = OAuthEntityProperties.RequiredString(entity, ResourceProperty),
        ClaimsJson = entity.GetString(ClaimsJsonProperty),
        RefreshTokenHash = OAuthEntityProperties.RequiredString(entity, RefreshTokenHashProperty),
        PreviousRefreshTokenHash = entity.GetString(PreviousRefreshTokenHashProperty),
        PreviousValidUntil = entity.GetDateTimeOffset(PreviousValidUntilProperty),
        LastRotationResponseProtected = entity.GetString(LastRotationResponseProperty),
        RetiredRefreshTokenHashes = entity.GetString(RetiredRefreshTokenHashesProperty) is null ? [] : OAuthEntityProperties.ReadList(entity, RetiredRefreshTokenHashesProperty),
        UpstreamRefreshTokenProtected = entity.GetString(UpstreamRefreshTokenProperty),
        Revoked = entity.GetBoolean(RevokedProperty) ?? false,
        CreatedAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.CreatedAt),
        UpdatedAt = OAuthEntityProperties.RequiredDate(entity, UpdatedAtProperty),
        ExpiresAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.ExpiresAt),
        ETag = entity.ETag.ToString(),
    };
}
