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
    ILogger<FacadeStateStartupLog> logger,
    TableStorageConnection? connection = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = storeOptions.Value;
        if (grants is TableGrantStore && connection is not null)
        {
            Log.UsingTableStores(logger, options.ClientsTableName, options.PendingAuthorizationsTableName, options.CodesTableName, options.GrantsTableName, options.SigningKeysTableName, connection.TableServiceUri);
        }
        else if (grants is InMemoryGrantStore)
        {
            Log.UsingInMemoryStores(logger);
        }
        else
        {
            Log.UsingOtherStores(logger, grants.GetType().Name);
        }

        switch (keyManagement.Value.XmlRepository)
        {
            case TableXmlRepository table:
                Log.DataProtectionInTable(logger, table.TableName, FacadeDataProtectionDefaults.ApplicationName);
                break;
            case InMemoryXmlRepository:
                Log.DataProtectionInMemory(logger);
                break;
            case var other:
                Log.DataProtectionOther(logger, other?.GetType().Name ?? "the framework default");
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Façade state: Azure Table Storage tables {Clients}, {Pending}, {Codes}, {Grants}, {SigningKeys} at {TableServiceUri}, shared by every instance")]
        public static partial void UsingTableStores(ILogger logger, string clients, string pending, string codes, string grants, string signingKeys, Uri tableServiceUri);

        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Façade state: in-memory (no storage configured); clients, codes, grants and generated signing keys are lost at restart and not shared between instances")]
        public static partial void UsingInMemoryStores(ILogger logger);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Façade state: {StoreType}")]
        public static partial void UsingOtherStores(ILogger logger, string storeType);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Data protection: key ring in table {TableName}, application name {ApplicationName}; every instance reads the same keys")]
        public static partial void DataProtectionInTable(ILogger logger, string tableName, string applicationName);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Data protection: key ring in memory only (no storage configured); consent cookies, state and protected upstream tokens will not survive a restart")]
        public static partial void DataProtectionInMemory(ILogger logger);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Data protection: key ring in {Repository}")]
        public static partial void DataProtectionOther(ILogger logger, string repository);
    }
}
