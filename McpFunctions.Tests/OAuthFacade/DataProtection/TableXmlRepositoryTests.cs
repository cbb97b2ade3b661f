using System.Xml.Linq;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Tests.OAuthFacade.Tokens;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.OAuthFacade.DataProtection;

/// <summary>The data-protection key ring in Table Storage: what one instance protects, every other instance can read.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableXmlRepositoryTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task TwoInstances_UnprotectEachOthersPayloads()
    {
        var tables = FacadeTestHost.UniqueTables();
        await using var instanceA = FacadeTestHost.Create(_time, tables, azurite);
        await using var instanceB = FacadeTestHost.Create(_time, tables, azurite);

        var fromA = instanceA.Get<FacadeProtector>().Protect(FacadeProtectionPurposes.UpstreamPkce, "verifier-from-a");
        var fromB = instanceB.Get<FacadeProtector>().ProtectUntil(FacadeProtectionPurposes.State, "state-from-b", _time.GetUtcNow().AddMinutes(10));

        Assert.True(instanceB.Get<FacadeProtector>().TryUnprotect(FacadeProtectionPurposes.UpstreamPkce, fromA, out var readByB));
        Assert.Equal("verifier-from-a", readByB);
        Assert.True(instanceA.Get<FacadeProtector>().TryUnprotectUnexpired(FacadeProtectionPurposes.State, fromB, out var readByA));
        Assert.Equal("state-from-b", readByA);
    }

    [Fact]
    public async Task AnInstanceOnAnotherKeyRingTable_CannotReadThePayloads()
    {
        await using var instanceA = FacadeTestHost.Create(_time, FacadeTestHost.UniqueTables(), azurite);
        await using var elsewhere = FacadeTestHost.Create(_time, FacadeTestHost.UniqueTables(), azurite);

        var fromA = instanceA.Get<FacadeProtector>().Protect(FacadeProtectionPurposes.ConsentCookie, "consent");

        Assert.False(elsewhere.Get<FacadeProtector>().TryUnprotect(FacadeProtectionPurposes.ConsentCookie, fromA, out _));
    }

    [Fact]
    public async Task KeyRing_IsStoredAsTheFrameworksXml_OneRowPerElement()
    {
        var tables = FacadeTestHost.UniqueTables();
        await using var instance = FacadeTestHost.Create(_time, tables, azurite);
        instance.Get<FacadeProtector>().Protect(FacadeProtectionPurposes.State, "x");

        var rows = await azurite.CreateServiceClient().GetTableClient(tables["Facade:Storage:DataProtectionKeysTableName"]!)
            .QueryAsync(null, null, null, CancellationToken.None).ToListAsync();

        var row = Assert.Single(rows);
        Assert.Equal(TableXmlRepository.Partition, row.PartitionKey);
        Assert.StartsWith("key-", row.RowKey, StringComparison.Ordinal);
        var key = XElement.Parse(row.GetString(TableXmlRepository.XmlProperty)!);
        Assert.Equal("key", key.Name.LocalName);
        Assert.Equal(row.RowKey, "key-" + key.Attribute("id")!.Value);
        Assert.Null(row["ExpiresAt"]);
    }

    [Fact]
    public void StoreElement_ThenGetAllElements_RoundTrips_AndTheSameNameTwiceIsOneElement()
    {
        var repository = new TableXmlRepository(
            azurite.CreateServiceClient(),
            Options.Create(new OAuthStoreOptions { DataProtectionKeysTableName = AzuriteFixture.UniqueTableName("Dp") }),
            NullLogger<TableXmlRepository>.Instance);
        var element = new XElement("key", new XAttribute("id", "1"), new XElement("data", "value with <escapes> & 'quotes'"));

        repository.StoreElement(element, "key-1");
        repository.StoreElement(element, "key-1");
        repository.StoreElement(new XElement("revocation"), "revocation/with?bad#key");
        var elements = repository.GetAllElements();

        Assert.Equal(2, elements.Count);
        Assert.Contains(elements, e => XNode.DeepEquals(e, element));
        Assert.Contains(elements, e => e.Name.LocalName == "revocation");
    }
}
