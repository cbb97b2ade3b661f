namespace McpFunctions.Storage;

/// <summary>
/// The Table service's wire vocabulary and the Azure Functions connection-setting names, in one place.
/// </summary>
internal static class TableStorageDefaults
{
    /// <summary>
    /// The REST version sent as <c>x-ms-version</c>. 2019-02-02 is the first version that accepts
    /// Microsoft Entra (OAuth) tokens for the Table service, and the one Azure.Data.Tables sends.
    /// </summary>
    public const string ApiVersion = "2019-02-02";

    /// <summary>OData 3.0: the only JSON protocol the Table service speaks.</summary>
    public const string DataServiceVersion = "3.0";

    /// <summary>
    /// Minimal metadata rather than no metadata: it is the only JSON format in which query results
    /// carry each entity's <c>odata.etag</c> (a purge job needs it for conditional deletes) and
    /// <c>@odata.type</c> for values JSON cannot express (Int64, DateTime, Binary).
    /// </summary>
    public const string AcceptJson = "application/json;odata=minimalmetadata";

    public const string ContentTypeJson = "application/json";

    /// <summary>The scope of Azure Storage for <c>TokenCredential</c> (managed identity) access.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>The Azure Functions default storage connection: its name doubles as the setting prefix.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>Setting that names another connection than <see cref="DefaultConnectionName"/>.</summary>
    public const string ConnectionNameSetting = "Storage:Connection";

    /// <summary>
    /// Azurite's (and the old storage emulator's) well-known account and key. These are public,
    /// documented values, not secrets: https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key
    /// </summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's default Table endpoint (path-style: the account is the first path segment).</summary>
    public const string DevelopmentTableEndpoint = "http://127.0.0.1:10002/devstoreaccount1";

    /// <summary>Table service limit: at most 100 operations in one entity group transaction.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>Table service limit: <c>$top</c> may not exceed 1,000 entities per page.</summary>
    public const int MaxPageSize = 1000;
}
