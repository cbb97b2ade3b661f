namespace McpFunctions.Storage;

/// <summary>
/// The Azure Functions connection-setting names, Azurite's well-known account and the Table service limits, in one place.
/// </summary>
internal static class TableStorageDefaults
{
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

    /// <summary>Table service limit: <c>$top</c> may not exceed 1,000 entities per page.</summary>
    public const int MaxPageSize = 1000;
}
