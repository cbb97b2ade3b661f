using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace McpFunctions.Storage;

/// <summary>
/// Reads and writes entities in the Table service's OData JSON
/// (https://learn.microsoft.com/rest/api/storageservices/payload-format-for-table-service-operations).
/// Properties are dynamic, so this uses <see cref="Utf8JsonWriter"/> and <see cref="JsonDocument"/>
/// rather than source-generated contracts.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeAnnotationSuffix = "@odata.type";
    private const string ETagProperty = "odata.etag";
    private const string EdmInt64 = "Edm.Int64";
    private const string EdmDouble = "Edm.Double";
    private const string EdmDateTime = "Edm.DateTime";
    private const string EdmBinary = "Edm.Binary";

    // Seven fractional digits keep the full DateTimeOffset tick precision through a round trip.
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static BinaryData Write(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    /// <param name="etagHeader">The response's ETag header, preferred over <c>odata.etag</c> when present.</param>
    public static TableEntity Read(JsonElement element, string? etagHeader)
    {
        string? partitionKey = null;
        string? rowKey = null;
        string? etag = etagHeader;
        DateTimeOffset? timestamp = null;
        var properties = new List<KeyValuePair<string, object?>>();

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.EndsWith(TypeAnnotationSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            switch (name)
            {
                case "PartitionKey":
                    partitionKey = property.Value.GetString();
                    continue;
                case "RowKey":
                    rowKey = property.Value.GetString();
                    continue;
                case "Timestamp":
                    timestamp = ParseDateTime(property.Value.GetString());
                    continue;
                case ETagProperty:
                    etag ??= property.Value.GetString();
                    continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            var edmType = element.TryGetProperty(name + TypeAnnotationSuffix, out var annotation) ? annotation.GetString() : null;
            properties.Add(new(name, ReadValue(property.Value, edmType)));
        }

        // Both keys are always present unless a $select projection left them out, which this client never does.
        var entity = new TableEntity(
            partitionKey ?? throw new JsonException("The entity has no PartitionKey."),
            rowKey ?? throw new JsonException("The entity has no RowKey."))
        {
            ETag = etag,
            Timestamp = timestamp,
        };

        foreach (var (name, value) in properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    /// <summary>Reads the <c>value</c> array of a Query Entities response.</summary>
    public static List<TableEntity> ReadQueryResult(BinaryData content)
    {
        using var document = JsonDocument.Parse(content);
        var entities = new List<TableEntity>();
        if (document.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var element in values.EnumerateArray())
            {
                entities.Add(Read(element, etagHeader: null));
            }
        }

        return entities;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                // The service has no null: leaving the property out is how "no value" is stored.
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case int number:
                // A bare JSON integer is Edm.Int32 by default, so no annotation is needed.
                writer.WriteNumber(name, number);
                break;
            case long number:
                // JSON numbers lose precision beyond 2^53, so OData carries Int64 as a string.
                writer.WriteString(name + TypeAnnotationSuffix, EdmInt64);
                writer.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                // Annotated so that 2.0 (written as 2) is not stored as Int32; NaN and infinities are strings.
                writer.WriteString(name + TypeAnnotationSuffix, EdmDouble);
                if (double.IsFinite(number))
                {
                    writer.WriteNumber(name, number);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(number) ? "NaN" : double.IsPositiveInfinity(number) ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset instant:
                writer.WriteString(name + TypeAnnotationSuffix, EdmDateTime);
                writer.WriteString(name, instant.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeAnnotationSuffix, EdmBinary);
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new ArgumentException($"Property '{name}' has unsupported type {value.GetType().Name}.", nameof(value));
        }
    }

    private static object? ReadValue(JsonElement value, string? edmType)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return edmType switch
                {
                    EdmDouble => value.GetDouble(),
                    EdmInt64 => value.GetInt64(),
                    _ => ReadUnannotatedNumber(value),
                };
            case JsonValueKind.String:
                var text = value.GetString()!;
                return edmType switch
                {
                    EdmInt64 => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    EdmDouble => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                    EdmDateTime => ParseDateTime(text),
                    EdmBinary => Convert.FromBase64String(text),

                    // Edm.String, and types this client does not model (Edm.Guid), stay strings.
                    _ => text,
                };
            default:
                throw new JsonException($"Unexpected JSON {value.ValueKind} for an entity property.");
        }
    }

    // With minimal metadata the service annotates only what JSON cannot infer: a number with a
    // fraction or exponent is a Double, any other is an Int32.
    private static object ReadUnannotatedNumber(JsonElement value)
    {
        var raw = value.GetRawText();
        if (raw.Contains('.', StringComparison.Ordinal) || raw.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return value.GetDouble();
        }

        // Each branch boxed on its own: a ?: chain would promote every branch to double.
        if (value.TryGetInt32(out var small))
        {
            return small;
        }

        return value.TryGetInt64(out var large) ? large : (object)value.GetDouble();
    }

    private static DateTimeOffset? ParseDateTime(string? text) =>
        text is null
            ? null
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
