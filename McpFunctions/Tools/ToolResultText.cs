using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Tools;

/// <summary>
/// The text content of a tool result that has structured content: one line that says what the result is, then the
/// structured content as compact JSON that a person (or a model) reads as written — no <c>\u00B2</c> escapes, no
/// <c>null</c> members. MCP server/tools "Structured Content": a tool returning structured content SHOULD also return
/// it as text for clients that do not read <c>structuredContent</c>; that field itself is left exactly as produced.
/// </summary>
internal static class ToolResultText
{
    private const int MaxNamesInSummary = 10;

    // Relaxed: the text is a content block inside a JSON string, never HTML, so characters such as '>' and '²'
    // need no escaping here (the JSON-RPC writer escapes what the transport needs).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Replaces the text content of a successful result that has structured content; other results are left alone.</summary>
    public static void MakeReadable(string toolName, CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsError == true || result.StructuredContent is not { } structured)
        {
            return;
        }

        result.Content = [new TextContentBlock { Text = Format(toolName, structured) }];
    }

    public static string Format(string toolName, JsonElement structured) =>
        Summarize(toolName, structured) + "\n" + ReadableJson(structured);

    /// <summary>The structured content as compact JSON with unescaped text and no null members (in objects or arrays).</summary>
    public static string ReadableJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteWithoutNulls(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One line naming what the result holds, from the shapes the calculator tools return.</summary>
    public static string Summarize(string toolName, JsonElement structured)
    {
        if (structured.ValueKind != JsonValueKind.Object)
        {
            return $"Result of {toolName}:";
        }

        // mcp_execute: the interpretation already reads as a sentence ("BMI 22.86 kg/m²: Normal range …").
        if (String(structured, "interpretation") is { Length: > 0 } interpretation)
        {
            var name = String(structured, "calculatorName");
            return name is null ? interpretation : $"{name}: {interpretation}";
        }

        // mcp_search: { query, results: [{ id, … }] }
        if (String(structured, "query") is { } query && Array(structured, "results") is { } matches)
        {
            return matches.Count == 0
                ? $"No calculator matches '{query}'."
                : $"{Count(matches.Count, "calculator matches", "calculators match")} '{query}', best first: {Ids(matches)}.";
        }

        // mcp_list: { calculators: [{ id, … }], categories }
        if (Array(structured, "calculators") is { } calculators)
        {
            return $"{Count(calculators.Count, "calculator", "calculators")}: {Ids(calculators)}.";
        }

        // mcp_get_info: { id, name, inputs: [{ name, … }] }
        if (String(structured, "id") is { } id && Array(structured, "inputs") is { } inputs)
        {
            var inputNames = string.Join(", ", inputs.Select(i => String(i, "name")).OfType<string>());
            return $"{String(structured, "name") ?? id} ({id}): {Count(inputs.Count, "input", "inputs")}{(inputs.Count == 0 ? "" : ": " + inputNames)}.";
        }

        return $"Result of {toolName}:";
    }

    private static void WriteWithoutNulls(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    WriteWithoutNulls(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                    {
                        WriteWithoutNulls(writer, item);
                    }
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                // Numbers and booleans exactly as the structured content has them.
                element.WriteTo(writer);
                break;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static List<JsonElement>? Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : null;

    private static string Ids(List<JsonElement> items)
    {
        var ids = items.Select(i => String(i, "id")).OfType<string>().ToList();
        var shown = string.Join(", ", ids.Take(MaxNamesInSummary));
        return ids.Count > MaxNamesInSummary
            ? string.Create(CultureInfo.InvariantCulture, $"{shown} and {ids.Count - MaxNamesInSummary} more")
            : shown;
    }

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
