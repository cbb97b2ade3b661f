using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>
/// Says at start-up where the façade keeps its state and its data-protection keys, and warns when they are in this
/// process only: then consent cookies, pending <c>state</c>, protected upstream tokens and generated signing keys
/// do not survive a restart and are not shared with other instances.
/// </summary>
internal sealed partial class FacadeStateStartupLog(
    IGrantStore grants,
    IOptions<KeyManagementOptions> keyManagement,
    IOptions<OAuthStoreOptions> storeOptions,
    IOptions<FacadeDataProtectionOptions> dataProtectionOptions,
    ILogger<FacadeStateStartupLog> logger,
    IHostEnvironment? environment = null,
    TableStorageConnection? connection = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = storeOptions.Value;
        if (grants is GrantStore { Records: TableExpiringRecordSet<GrantRecord> } && connection is not null)
        {
            Log.UsingTableStores(logger, options.ClientsTableName, options.PendingAuthorizationsTableName, options.CodesTableName, options.GrantsTableName, options.SigningKeysTableName, connection.TableServiceUri);
        }
        else if (grants is GrantStore { Records: InMemoryExpiringRecordSet<GrantRecord> })
        {
            Log.UsingInMemoryStores(logger, InMemoryLevel);
        }
        else
        {
            Log.UsingOtherStores(logger, grants.GetType().Name);
        }

        switch (keyManagement.Value.XmlRepository)
        {
            case TableXmlRepository table:
                Log.DataProtectionInTable(logger, table.TableName, FacadeDataProtectionDefaults.ApplicationName);
                LogKeyEncryption(table.TableName);
                break;
            case InMemoryXmlRepository:
                Log.DataProtectionInMemory(logger, InMemoryLevel);
                break;
            case var other:
                Log.DataProtectionOther(logger, other?.GetType().Name ?? "the framework default");
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // In-memory state is what a local run is meant to have (dotnet run): a note there; anywhere else a warning,
    // since another instance or a restart loses the state.
    private LogLevel InMemoryLevel => environment?.IsDevelopment() == true ? LogLevel.Information : LogLevel.Warning;

    /// <summary>
    /// Keys in a table are readable by whoever can read the table (Azure encrypts the storage account at rest, but
    /// not against a data reader). On the local emulator that is only this machine, so it is worth a note, not a warning.
    /// </summary>
    private void LogKeyEncryption(string tableName)
    {
        if (!string.IsNullOrWhiteSpace(dataProtectionOptions.Value.Certificate))
        {
            Log.KeysEncrypted(logger, tableName);
        }
        else if (connection?.TableServiceUri is { IsLoopback: true })
        {
            Log.KeysInClearLocally(logger, tableName);
        }
        else
        {
            Log.KeysInClear(logger, tableName);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Façade state: Azure Table Storage tables {Clients}, {Pending}, {Codes}, {Grants}, {SigningKeys} at {TableServiceUri}, shared by every instance")]
        public static partial void UsingTableStores(ILogger logger, string clients, string pending, string codes, string grants, string signingKeys, Uri tableServiceUri);

        [LoggerMessage(EventId = 5001, Message = "Façade state: in-memory (no storage configured); clients, codes, grants and generated signing keys are lost at restart and not shared between instances")]
        public static partial void UsingInMemoryStores(ILogger logger, LogLevel level);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Façade state: {StoreType}")]
        public static partial void UsingOtherStores(ILogger logger, string storeType);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Data protection: key ring in table {TableName}, application name {ApplicationName}; every instance reads the same keys")]
        public static partial void DataProtectionInTable(ILogger logger, string tableName, string applicationName);

        [LoggerMessage(EventId = 5004, Message = "Data protection: key ring in memory only (no storage configured); consent cookies, state and protected upstream tokens will not survive a restart")]
        public static partial void DataProtectionInMemory(ILogger logger, LogLevel level);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Data protection: key ring in {Repository}")]
        public static partial void DataProtectionOther(ILogger logger, string repository);

        [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Data protection: keys in table {TableName} are encrypted with the Facade:DataProtection:Certificate certificate")]
        public static partial void KeysEncrypted(ILogger logger, string tableName);

        [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Data protection: keys in table {TableName} are stored unencrypted, so anyone who can read that table can forge consent cookies and read protected upstream tokens. Set Facade:DataProtection:Certificate to a Key Vault certificate reference to encrypt them at rest")]
        public static partial void KeysInClear(ILogger logger, string tableName);

        [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Data protection: keys in table {TableName} are stored unencrypted in the local storage emulator, which only this machine reaches; on Azure set Facade:DataProtection:Certificate")]
        public static partial void KeysInClearLocally(ILogger logger, string tableName);
    }
}
