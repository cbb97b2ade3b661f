using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Clients in table <see cref="OAuthStoreOptions.ClientsTableName"/> (default <c>OAuthClients</c>).
/// PartitionKey = SHA-256 of the client id (metadata-document ids are URLs, whose <c>/</c> keys cannot hold),
/// RowKey = <c>client</c>: every lookup by client id is one point read. Lists are JSON string properties;
/// the client secret only as its SHA-256.
/// The same rows are kept in memory (by the same keys) when no storage is configured.
/// </summary>
internal sealed class OAuthClientStore(IExpiringRecordSet<OAuthClientRecord> records) : IOAuthClientStore
{
    private const string ClientIdProperty = "ClientId";
    private const string KindProperty = "Kind";
    private const string ClientNameProperty = "ClientName";
    private const string RedirectUrisProperty = "RedirectUrisJson";
    private const string GrantTypesProperty = "GrantTypesJson";
    private const string ResponseTypesProperty = "ResponseTypesJson";
    private const string TokenEndpointAuthMethodProperty = "TokenEndpointAuthMethod";
    private const string ClientSecretHashProperty = "ClientSecretHash";
    private const string ScopeProperty = "Scope";
    private const string RegistrationAccessTokenHashProperty = "RegistrationAccessTokenHash";
    private const string ApplicationTypeProperty = "ApplicationType";
    private const string ClientUriProperty = "ClientUri";
    private const string LogoUriProperty = "LogoUri";
    private const string LastUsedAtProperty = "LastUsedAt";

    /// <summary>How the rows look: the same in Table Storage and in memory.</summary>
    public static ExpiringRecordSchema<OAuthClientRecord> Schema { get; } = new()
    {
        ToEntity = ToEntity,
        FromEntity = FromEntity,
        ExpiresAt = record => record.ExpiresAt,
        ETag = record => record.ETag,
        WithETag = (record, etag) => record with { ETag = etag },
    };

    /// <summary>Where the rows are (Table Storage or memory).</summary>
    public IExpiringRecordSet<OAuthClientRecord> Records { get; } = records;

    public Task<StoreWriteResult<OAuthClientRecord>> CreateAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        return Records.CreateAsync(client, cancellationToken);
    }

    public Task<OAuthClientRecord?> GetAsync(string clientId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(clientId)
            ? Task.FromResult<OAuthClientRecord?>(null)
            : Records.GetAsync(OAuthStoreKeys.ClientPartitionKey(clientId), OAuthStoreKeys.ClientRowKey, cancellationToken);

    public Task<OAuthClientRecord> UpsertAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        return Records.UpsertAsync(client, cancellationToken);
    }

    public Task<StoreWriteResult<OAuthClientRecord>> UpdateAsync(OAuthClientRecord client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Records.UpdateAsync(client, cancellationToken);
    }

    public Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(clientId)
            ? Task.FromResult(false)
            : Records.DeleteAsync(OAuthStoreKeys.ClientPartitionKey(clientId), OAuthStoreKeys.ClientRowKey, cancellationToken);

    private static TableEntity ToEntity(OAuthClientRecord client) => new(OAuthStoreKeys.ClientPartitionKey(client.ClientId), OAuthStoreKeys.ClientRowKey)
    {
        [ClientIdProperty] = client.ClientId,
        [KindProperty] = client.Kind.ToString(),
        [ClientNameProperty] = client.ClientName,
        [RedirectUrisProperty] = OAuthEntityProperties.ToJson(client.RedirectUris),
        [GrantTypesProperty] = OAuthEntityProperties.ToJson(client.GrantTypes),
        [ResponseTypesProperty] = OAuthEntityProperties.ToJson(client.ResponseTypes),
        [TokenEndpointAuthMethodProperty] = client.TokenEndpointAuthMethod,
        [ClientSecretHashProperty] = client.ClientSecretHash,
        [ScopeProperty] = client.Scope,
        [RegistrationAccessTokenHashProperty] = client.RegistrationAccessTokenHash,
        [ApplicationTypeProperty] = client.ApplicationType,
        [ClientUriProperty] = client.ClientUri,
        [LogoUriProperty] = client.LogoUri,
        [OAuthEntityProperties.CreatedAt] = client.CreatedAt,
        [LastUsedAtProperty] = client.LastUsedAt,
        [OAuthEntityProperties.ExpiresAt] = client.ExpiresAt,
    };

    private static OAuthClientRecord FromEntity(TableEntity entity) => new()
    {
        ClientId = OAuthEntityProperties.RequiredString(entity, ClientIdProperty),
        Kind = Enum.Parse<ClientRegistrationKind>(OAuthEntityProperties.RequiredString(entity, KindProperty)),
        ClientName = entity.GetString(ClientNameProperty),
        RedirectUris = OAuthEntityProperties.ReadList(entity, RedirectUrisProperty),
        GrantTypes = OAuthEntityProperties.ReadList(entity, GrantTypesProperty),
        ResponseTypes = OAuthEntityProperties.ReadList(entity, ResponseTypesProperty),
        TokenEndpointAuthMethod = OAuthEntityProperties.RequiredString(entity, TokenEndpointAuthMethodProperty),
        ClientSecretHash = entity.GetString(ClientSecretHashProperty),
        Scope = entity.GetString(ScopeProperty),
        RegistrationAccessTokenHash = entity.GetString(RegistrationAccessTokenHashProperty),
        ApplicationType = OAuthEntityProperties.RequiredString(entity, ApplicationTypeProperty),
        ClientUri = entity.GetString(ClientUriProperty),
        LogoUri = entity.GetString(LogoUriProperty),
        CreatedAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.CreatedAt),
        LastUsedAt = OAuthEntityProperties.RequiredDate(entity, LastUsedAtProperty),
        ExpiresAt = OAuthEntityProperties.RequiredDate(entity, OAuthEntityProperties.ExpiresAt),
        ETag = entity.ETag.ToString(),
    };
}
