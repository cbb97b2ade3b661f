namespace McpFunctions.Storage;

/// <summary>
/// One Table Storage entity: its keys, its concurrency token, and a bag of typed properties.
/// Property values may be <see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="DateTimeOffset"/> or <c>byte[]</c> (the Edm types the service stores);
/// setting a property to null removes it, because the service has no null values.
/// </summary>
internal sealed class TableEntity
{
    /// <summary>Table service limit for property names.</summary>
    public const int MaxPropertyNameLength = 255;

    private readonly Dictionary<string, object?> _properties;

    /// <exception cref="ArgumentException">A key breaks a Table service rule (see <see cref="TableKeyValidation"/>).</exception>
    public TableEntity(string partitionKey, string rowKey)
        : this(partitionKey, rowKey, new Dictionary<string, object?>(StringComparer.Ordinal))
    {
    }

    private TableEntity(string partitionKey, string rowKey, Dictionary<string, object?> properties)
    {
        TableKeyValidation.ValidateKey(partitionKey, nameof(partitionKey));
        TableKeyValidation.ValidateKey(rowKey, nameof(rowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
        _properties = properties;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    /// <summary>The service's concurrency token (from the <c>ETag</c> header or <c>odata.etag</c>); null before the entity is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>Set by the service on every write; null on entities built locally or returned by a write.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The custom properties (not PartitionKey, RowKey or Timestamp).</summary>
    public IReadOnlyDictionary<string, object?> Properties => _properties;

    /// <exception cref="ArgumentException">The name is reserved or the value's type cannot be stored.</exception>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            ValidatePropertyName(name);
            if (value is null)
            {
                _properties.Remove(name);
                return;
            }

            if (value is not (string or bool or int or long or double or DateTimeOffset or byte[]))
            {
                throw new ArgumentException(
                    $"Property '{name}' has type {value.GetType().Name}; Table Storage can store string, bool, int, long, double, DateTimeOffset and byte[].",
                    nameof(value));
            }

            _properties[name] = value;
        }
    }

    public string? GetString(string name) => Get<string>(name);

    public bool? GetBoolean(string name) => GetStruct<bool>(name);

    public int? GetInt32(string name) => GetStruct<int>(name);

    /// <summary>Also accepts an Int32 value: JSON numbers without a type annotation are read as Int32.</summary>
    public long? GetInt64(string name) => _properties.GetValueOrDefault(name) is int small ? small : GetStruct<long>(name);

    /// <summary>Also accepts integral values: the service writes a whole double such as 2.0 as a bare 2.</summary>
    public double? GetDouble(string name) => _properties.GetValueOrDefault(name) switch
    {
        int value => value,
        long value => value,
        _ => GetStruct<double>(name),
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => GetStruct<DateTimeOffset>(name);

    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    /// <summary>A copy carrying the ETag a write returned; the caller's instance is left untouched.</summary>
    public TableEntity WithETag(string? etag) =>
        new(PartitionKey, RowKey, new Dictionary<string, object?>(_properties, StringComparer.Ordinal)) { ETag = etag, Timestamp = Timestamp };

    internal static void ValidatePropertyName(string name)
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

    private T? Get<T>(string name)
        where T : class => _properties.GetValueOrDefault(name) switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(name, typeof(T), other),
        };

    private T? GetStruct<T>(string name)
        where T : struct => _properties.GetValueOrDefault(name) switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(name, typeof(T), other),
        };

    // A stored property of another type than the code expects is a schema fault, not a client mistake.
    private static InvalidOperationException WrongType(string name, Type expected, object actual) =>
        new($"Stored property '{name}' is {actual.GetType().Name}, not {expected.Name}.");
}
