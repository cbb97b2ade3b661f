using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// Generates the bad-input classes from a valid JSON body: a broken string at every string position (each
/// value and each member name, at every depth) and a duplicate member in every object. The text is written by
/// hand because System.Text.Json's writer refuses to produce either defect.
/// </summary>
internal static class JsonMutations
{
    /// <summary>Escapes that System.Text.Json parses but cannot turn into a .NET string.</summary>
    public static readonly IReadOnlyList<string> BrokenStrings = [@"\ud800", @"\udc00", @"x\udbff\u0041", @"\udc00\ud800"];

    /// <summary>One body per (string position × broken string).</summary>
    public static IEnumerable<(string Where, string Body)> BrokenStringAtEveryPosition(JsonNode body)
    {
        var positions = CountStrings(body);
        for (var target = 0; target < positions; target++)
        {
            foreach (var broken in BrokenStrings)
            {
                var counter = 0;
                var builder = new StringBuilder();
                Write(builder, body, "$", ref counter, stringTarget: target, brokenString: broken, objectTarget: -1, out var where);
                yield return ($"{where} = \"{broken}\"", builder.ToString());
            }
        }
    }

    /// <summary>One body per object in the document, with its first member written twice (same value, then null).</summary>
    public static IEnumerable<(string Where, string Body)> DuplicateInEveryObject(JsonNode body)
    {
        var objects = CountObjects(body);
        for (var target = 0; target < objects; target++)
        {
            var counter = 0;
            var builder = new StringBuilder();
            Write(builder, body, "$", ref counter, stringTarget: -1, brokenString: null, objectTarget: target, out var where);
            yield return ($"duplicate in {where}", builder.ToString());
        }
    }

    private static int CountStrings(JsonNode? node) => node switch
    {
        JsonObject o => o.Sum(p => 1 + CountStrings(p.Value)),
        JsonArray a => a.Sum(CountStrings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => 1,
        _ => 0,
    };

    private static int CountObjects(JsonNode? node) => node switch
    {
        JsonObject o when o.Count > 0 => 1 + o.Sum(p => CountObjects(p.Value)),
        JsonObject => 0,
        JsonArray a => a.Sum(CountObjects),
        _ => 0,
    };

    private static void Write(StringBuilder builder, JsonNode? node, string path, ref int counter, int stringTarget, string? brokenString, int objectTarget, out string where)
    {
        where = string.Empty;
        switch (node)
        {
            case JsonObject obj:
                var objectIndex = obj.Count > 0 && objectTarget >= 0 ? counter++ : -1;
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(builder, name, path + "." + name + " (name)", ref counter, stringTarget, brokenString, ref where);
                    builder.Append(':');
                    Write(builder, value, path + "." + name, ref counter, stringTarget, brokenString, objectTarget, out var inner);
                    where = inner.Length > 0 ? inner : where;
                }

                if (objectIndex == objectTarget && objectIndex >= 0)
                {
                    var (name, value) = obj.First();
                    builder.Append(',').Append(JsonSerializer.Serialize(name)).Append(':').Append(value?.ToJsonString() ?? "null");
                    builder.Append(',').Append(JsonSerializer.Serialize(name)).Append(":null");
                    where = path;
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", ref counter, stringTarget, brokenString, objectTarget, out var inner);
                    where = inner.Length > 0 ? inner : where;
                }

                builder.Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                WriteString(builder, value.GetValue<string>(), path, ref counter, stringTarget, brokenString, ref where);
                break;
            default:
                builder.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text, string path, ref int counter, int stringTarget, string? brokenString, ref string where)
    {
        if (stringTarget >= 0 && counter++ == stringTarget)
        {
            builder.Append('"').Append(brokenString).Append('"');
            where = path;
            return;
        }

        builder.Append(JsonSerializer.Serialize(text));
    }
}
