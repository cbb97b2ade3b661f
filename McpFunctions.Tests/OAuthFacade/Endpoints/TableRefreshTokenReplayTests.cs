using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary><see cref="RefreshTokenReplayTests"/> on the Table Storage grant store, against Azurite.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableRefreshTokenReplayTests(AzuriteFixture azurite) : RefreshTokenReplayTests
{
    protected override Type ExpectedGrantRecords => typeof(TableExpiringRecordSet<GrantRecord>);

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Sessions:TableName"] = AzuriteFixture.UniqueTableName("Sessions"),
        ["Facade:Storage:ClientsTableName"] = AzuriteFixture.UniqueTableName("Clients"),
        ["Facade:Storage:PendingAuthorizationsTableName"] = AzuriteFixture.UniqueTableName("Pending"),
        ["Facade:Storage:CodesTableName"] = AzuriteFixture.UniqueTableName("Codes"),
        ["Facade:Storage:GrantsTableName"] = AzuriteFixture.UniqueTableName("Grants"),
        ["Facade:Storage:SigningKeysTableName"] = AzuriteFixture.UniqueTableName("Keys"),
        ["Facade:Storage:DataProtectionKeysTableName"] = AzuriteFixture.UniqueTableName("DpKeys"),
    };
}
