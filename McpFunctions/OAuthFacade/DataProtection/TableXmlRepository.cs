using System.Xml.Linq;
using Azure.Data.Tables;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>
/// The Data Protection key ring in table <see cref="OAuthStoreOptions.DataProtectionKeysTableName"/> (default
/// <c>DataProtectionKeys</c>), so every instance protects and unprotects with the same keys: any instance may serve
/// the upstream callback, the consent cookie or a refresh. One partition (<c>keys</c>; the ring is a handful of small
/// elements read all at once), RowKey = the element's friendly name (<c>key-{guid}</c>, <c>revocation-…</c>), the
/// element's XML in <c>Xml</c>. Stored as the framework writes it: on Azure the account is reachable by managed
/// identity only and encrypted at rest (docs/storage-schema.md).
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; the framework calls it when it (re)loads the ring — at first use
/// and about once a day — so blocking on the Table request there is the accepted cost (the Azure Blob and Redis
/// repositories do the same). Rows have no <c>ExpiresAt</c>: expired keys must stay to read old payloads, and the
/// ring grows by one small row per key lifetime (90 days).
/// </remarks>
internal sealed partial class TableXmlRepository(TableStorage tableService, IOptions<OAuthStoreOptions> options, ILogger<TableXmlRepository> logger)
    : IXmlRepository
{
    public const string Partition = "keys";
    public const string XmlProperty = "Xml";

    // A string property holds at most 64 KiB (32K UTF-16 characters); a key element is about 1 KB.
    private const int MaxXmlCharacters = 32 * 1024;

    private readonly StorageTable _table = tableService.GetTableClient(options.Value.DataProtectionKeysTableName);

    public string TableName => _table.Name;

    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync(CancellationToken.None).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        StoreElementAsync(element, friendlyName, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync(CancellationToken cancellationToken)
    {
        var elements = new List<XElement>();
        await foreach (var entity in _table.QueryAsync(TableQueryFilter.Equal("PartitionKey", Partition), null, null, cancellationToken))
        {
            var xml = entity.GetString(XmlProperty)
                ?? throw new InvalidOperationException($"Data-protection key row '{entity.RowKey}' in table {_table.Name} has no '{XmlProperty}' property.");
            elements.Add(XElement.Parse(xml));
        }

        return elements;
    }

    public async Task StoreElementAsync(XElement element, string friendlyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = element.ToString(SaveOptions.DisableFormatting);
        if (xml.Length > MaxXmlCharacters)
        {
            throw new InvalidOperationException($"A data-protection key element of {xml.Length} characters does not fit a table property ({MaxXmlCharacters}).");
        }

        // Friendly names are "key-{guid}" and "revocation-{timestamp}"; anything else that a key cannot hold is hashed.
        var rowKey = !string.IsNullOrEmpty(friendlyName) && TableKeyValidation.IsValidKey(friendlyName) ? friendlyName : OAuthSecrets.Hash(element.ToString());
        var entity = new TableEntity(Partition, rowKey) { [XmlProperty] = xml };

        // Insert, not replace: an element is immutable once written. The same name twice is the same element
        // (a retried write, or a revocation written at the same instant), so a conflict is not an error.
        var inserted = await _table.AddEntityAsync(entity, cancellationToken);
        if (inserted.Succeeded)
        {
            Log.Stored(logger, rowKey, _table.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5060, Level = LogLevel.Information, Message = "Data protection: stored key ring element {FriendlyName} in table {TableName}; every instance reads it")]
        public static partial void Stored(ILogger logger, string friendlyName, string tableName);
    }
}
