using System.Text.Json;
using Azure.Data.Tables;
using McpFunctions.Storage;

namespace McpFunctions.OAuthFacade.Stores;

/// <summary>
/// Property conventions shared by the OAuth tables: lists as JSON arrays in one string property (Table Storage
/// has no list type), the expiry as the typed <c>ExpiresAt</c> the purge job filters on, and a missing
/// required property as a fault (the row was not written by these stores), never as a miss.
/// </summary>
internal static class OAuthEntityProperties
{
    /// <summary>The purge job deletes rows whose <c>ExpiresAt</c> (Edm.DateTime) has passed.</summary>
    public const string ExpiresAt = "ExpiresAt";

    public const string CreatedAt = "CreatedAt";

    public static string ToJson(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return JsonSerializer.Serialize([.. values], OAuthStoreJsonContext.Default.StringArray);
    }

    public static IReadOnlyList<string> ReadList(TableEntity entity, string name)
    {
        var json = RequiredString(entity, name);
        return JsonSerializer.Deserialize(json, OAuthStoreJsonContext.Default.StringArray)
            ?? throw new InvalidOperationException($"Property '{name}' of a row holds null, not a JSON array of strings.");
    }

    public static string RequiredString(TableEntity entity, string name) =>
        entity.GetString(name) ?? throw Missing(entity, name);

    public static DateTimeOffset RequiredDate(TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? throw Missing(entity, name);

    private static InvalidOperationException Missing(TableEntity entity, string name) =>
        new($"The row ({entity.PartitionKey}, {entity.RowKey}) has no '{name}' property; the table holds rows the OAuth stores did not write.");
}
