using System.Globalization;

namespace McpFunctions.Storage;

/// <summary>
/// OData literals for <c>$filter</c> expressions
/// (https://learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities#constructing-filter-strings).
/// Building filters from these instead of string concatenation keeps a quote in a value from
/// changing the query.
/// </summary>
internal static class TableQueryFilter
{
    /// <summary>A string literal: single quotes doubled, the whole value quoted.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
    }

    /// <summary>An Edm.DateTime literal in UTC, e.g. <c>datetime'2030-01-01T00:00:00.0000000Z'</c>.</summary>
    public static string Literal(DateTimeOffset value) =>
        $"datetime'{value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}'";

    /// <summary><c>{property} eq '{value}'</c>.</summary>
    public static string Equal(string property, string value) => $"{property} eq {Literal(value)}";

    /// <summary><c>{property} lt datetime'...'</c>, e.g. the purge job's "expired before now".</summary>
    public static string LessThan(string property, DateTimeOffset value) => $"{property} lt {Literal(value)}";
}
