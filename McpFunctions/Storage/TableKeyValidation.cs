using System.Text.RegularExpressions;

namespace McpFunctions.Storage;

/// <summary>
/// The Table service's rules for table names and key values
/// (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model),
/// checked before a request is sent so that a bad key is a clear <see cref="ArgumentException"/> at the
/// call site instead of a 400 from the service, or worse, a URL that addresses something else:
/// <c>/</c>, <c>?</c> and <c>#</c> would change the meaning of the entity URL.
/// </summary>
internal static partial class TableKeyValidation
{
    /// <summary>"up to 1 KiB in size"; counted in characters, which is never looser for the ASCII ids this app stores.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>True when <paramref name="value"/> can be a PartitionKey or RowKey (the empty string can).</summary>
    public static bool IsValidKey(string? value)
    {
        if (value is null || value.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || IsForbiddenControlCharacter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key breaks a Table service rule; the message says which.</exception>
    public static void ValidateKey(string? value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length > MaxKeyLength)
        {
            throw new ArgumentException($"Table keys are limited to {MaxKeyLength} characters; this one has {value.Length}.", parameterName);
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?')
            {
                throw new ArgumentException($"Table keys may not contain '{c}'.", parameterName);
            }

            if (IsForbiddenControlCharacter(c))
            {
                throw new ArgumentException($"Table keys may not contain control characters (found U+{(int)c:X4}).", parameterName);
            }
        }
    }

    /// <exception cref="ArgumentException">The name is not 3-63 letters and digits starting with a letter, or is reserved.</exception>
    public static void ValidateTableName(string? tableName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(tableName, parameterName);
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException($"'{tableName}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter.", parameterName);
        }

        // "Tables" addresses the table collection itself and is reserved by the service.
        if (string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("'tables' is a reserved table name.", parameterName);
        }
    }

    /// <summary>Table service limit for property names.</summary>
    public const int MaxPropertyNameLength = 255;

    /// <exception cref="ArgumentException">The name is empty, too long, or reserved by the service or by OData.</exception>
    public static void ValidatePropertyName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxPropertyNameLength)
        {
            throw new ArgumentException($"Property names are limited to {MaxPropertyNameLength} characters.", nameof(name));
        }

        // The system properties are set by the keys and the service; '@' and "odata." belong to OData annotations.
        if (name is "PartitionKey" or "RowKey" or "Timestamp"
            || name.Contains('@', StringComparison.Ordinal)
            || name.StartsWith("odata.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is reserved by the Table service and cannot be a custom property.", nameof(name));
        }
    }

    /// <summary>True for a name <see cref="ValidateTableName"/> accepts.</summary>
    public static bool IsValidTableName(string? tableName) =>
        tableName is not null
        && TableNamePattern().IsMatch(tableName)
        && !string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase);

    // U+0000-U+001F and U+007F-U+009F are the C0 and C1 control ranges the service rejects in keys.
    private static bool IsForbiddenControlCharacter(char c) => c <= '\u001F' || c is >= '\u007F' and <= '\u009F';

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
