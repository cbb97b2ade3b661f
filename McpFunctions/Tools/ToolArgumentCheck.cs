using System.Text;
using System.Text.Json;
using McpFunctions.Hosting;

namespace McpFunctions.Tools;

/// <summary>
/// Checks a tools/call's arguments against the tool's published input schema before the SDK binds them, so a
/// caller's mistake is a tool error naming the argument and the JSON type expected (MCP server/tools, "Error
/// Handling": input validation errors are tool execution errors the model can correct), never .NET binder text.
/// Language models often send an object or array argument as a JSON-encoded string; a string that parses to the
/// expected kind is accepted as that value (tolerant reader, DESIGN.md §5). A null for an optional argument is
/// read as absent, so the tool's default applies.
/// </summary>
internal static class ToolArgumentCheck
{
    /// <summary>The arguments to bind, or null with <paramref name="error"/> set to what the model should correct.</summary>
    public static Dictionary<string, JsonElement>? Check(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments, out string? error)
    {
        error = null;
        var checkedArguments = new Dictionary<string, JsonElement>(arguments ?? new Dictionary<string, JsonElement>(), StringComparer.Ordinal);
        if (inputSchema.ValueKind != JsonValueKind.Object || !inputSchema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return checkedArguments;
        }

        var required = RequiredNames(inputSchema);
        var problems = new List<string>();
        foreach (var property in properties.EnumerateObject())
        {
            var types = AllowedTypes(property.Value);
            var isRequired = required.Contains(property.Name);
            if (!checkedArguments.TryGetValue(property.Name, out var value) || value.ValueKind == JsonValueKind.Undefined)
            {
                if (isRequired)
                {
                    problems.Add($"'{property.Name}' is required ({Describe(types)})");
                }

                continue;
            }

            if (Fits(value, types))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null && !isRequired)
            {
                checkedArguments.Remove(property.Name);
                continue;
            }

            if (value.ValueKind == JsonValueKind.String && TryDecodeEmbedded(value.GetString()!, types, out var decoded))
            {
                checkedArguments[property.Name] = decoded;
                continue;
            }

            problems.Add($"'{property.Name}' must be {Describe(types)}, not {Article(Kind(value))}");
        }

        if (problems.Count == 0)
        {
            return checkedArguments;
        }

        error = "Invalid arguments: " + string.Join("; ", problems) + ".";
        return null;
    }

    private static HashSet<string> RequiredNames(JsonElement schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String)
                {
                    names.Add(name.GetString()!);
                }
            }
        }

        return names;
    }

    /// <summary>JSON Schema <c>type</c> as a set; empty when the schema does not constrain it.</summary>
    private static HashSet<string> AllowedTypes(JsonElement propertySchema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (propertySchema.ValueKind == JsonValueKind.Object && propertySchema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                types.Add(type.GetString()!);
            }
            else if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in type.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        types.Add(item.GetString()!);
                    }
                }
            }
        }

        return types;
    }

    private static bool Fits(JsonElement value, HashSet<string> types) =>
        types.Count == 0 || value.ValueKind switch
        {
            JsonValueKind.Object => types.Contains("object"),
            JsonValueKind.Array => types.Contains("array"),
            JsonValueKind.String => types.Contains("string"),
            JsonValueKind.True or JsonValueKind.False => types.Contains("boolean"),
            JsonValueKind.Null => types.Contains("null"),
            JsonValueKind.Number => types.Contains("number") || (types.Contains("integer") && IsInteger(value)),
            _ => false,
        };

    private static bool IsInteger(JsonElement number) => number.TryGetInt64(out _) || (number.TryGetDouble(out var d) && double.IsInteger(d) && Math.Abs(d) < 9.007199254740992E15);

    /// <summary>An object or array sent as its JSON text, e.g. <c>"inputs": "{\"weight\": 70}"</c>.</summary>
    private static bool TryDecodeEmbedded(string text, HashSet<string> types, out JsonElement decoded)
    {
        decoded = default;
        var trimmed = text.AsSpan().Trim();
        var wanted = trimmed.StartsWith("{") && types.Contains("object") || trimmed.StartsWith("[") && types.Contains("array");
        if (!wanted)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (JsonInputValidator.Validate(bytes) != JsonInputProblem.None)
        {
            return false;
        }

        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = JsonInputValidator.MaxDepth });
        decoded = document.RootElement.Clone();
        return Fits(decoded, types);
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Describe(HashSet<string> types)
    {
        var named = types.Where(t => t != "null").Order(StringComparer.Ordinal).Select(Article).ToList();
        return named.Count == 0 ? "any JSON value" : string.Join(" or ", named);
    }

    private static string Article(string type) => type switch
    {
        "null" => "null",
        "object" or "array" or "integer" => "an " + type,
        _ => "a " + type,
    };
}
