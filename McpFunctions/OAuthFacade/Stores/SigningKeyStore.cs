using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Generated signing keys in table <see cref="OAuthStoreOptions.SigningKeysTableName"/> (default <c>OAuthSigningKeys</c>).
/// All in one partition (<c>signing-keys</c>): there are only a few, the key ring reads them all with one
/// partition query. RowKey = the zero-padded generation, so two instances creating "the next key" insert the same
/// RowKey and exactly one succeeds (the other re-reads and uses the winner's key). The private key is stored
/// protected with the shared data-protection keys; keys configured in <c>Facade:SigningKey</c> never come here.
/// The same rows are kept in memory (by the same keys) when no storage is configured.
/// </summary>
internal sealed class SigningKeyStore(IExpiringRecordSet<SigningKeyRecord> records) : ISigningKeyStore
{
    private const string KeyIdProperty = "KeyId";
    private const string GenerationProperty = "Generation";
    private const string AlgorithmProperty = "Algorithm";
    private const string PrivateKeyProperty = "PrivateKeyProtected";
    private const string RetireAtProperty = "RetireAt";

    /// <summary>How the rows look: the same in Table Storage and in memory.</summary>
    public static ExpiringRecordSchema<SigningKeyRecord> Schema { get; } = new()
    {
        ToEntity = ToEntity,
        FromEntity = FromEntity,
        ExpiresAt = record => record.ExpiresAt,
        ETag = record => record.ETag,
        WithETag = (record, etag) => record with { ETag = etag },
    };

    /// <summary>Where the rows are (Table Storage or memory).</summary>
    public IExpiringRecordSet<SigningKeyRecord> Records { get; } = records;

    public async Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await Records.ListPartitionAsync(OAuthStoreKeys.SigningKeyPartition, cancellationToken)).OrderByDescending(k => k.Generation)];

    public Task<StoreWriteResult<SigningKeyRecord>> CreateAsync(SigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(key.Generation);
        return Records.CreateAsync(key, cancellationToken);
    }

    private static TableEntity ToEntity(SigningKeyRecord key) => new(OAuthStoreKeys.SigningKeyPartition, OAuthStoreKeys.SigningKeyRowKey(key.Generation))
    {
        [KeyIdProperty] = key.KeyId,
        [GenerationProperty] = key.Generation,
        [AlgorithmProperty] = key.Algorithm,
        [PrivateKeyProperty] = key.PrivateKeyProtected,
        [OAuthEntityProperties.CreatedAt] = key.CreatedAt,
        [RetireAtProperty] = key.RetireAt,
        [OAuthEntityProperties.ExpiresAt] = key.ExpiresAt,
    };

    private static SigningKeyRecord FromEntity(TableEntity entity) => new()
    {
        KeyId = OAuthEntityProperties.RequiredString(entity, KeyIdProperty),
        Generation = entity.GetInt64(GenerationProperty) ?? throw new InvalidOperationException($"The signing-key row {entity.RowKey} has no 'Generation' property."),
        Algorithm = OAuthEntityProperties.RequiredString(entity, AlgorithmProperty),
        PrivateKeyProtected = OAuthEntityProperties.RequiredString(entity, PrivateKeyProperty),
        CreatedAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.CreatedAt),
        RetireAt = OAuthEntityProperties.RequiredDate(entity, RetireAtProperty),
        ExpiresAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.ExpiresAt),
        ETag = entity.ETag.ToString(),
    };
}
