using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// <c>json_schema_2020_12_tool</c> (SEP-1613, SEP-2106): a tool whose input schema uses the 2020-12 vocabulary
/// ($schema, $defs with $anchor, $ref, allOf/anyOf, if/then/else, additionalProperties) so the suite can check
/// that tools/list passes it through untouched. The SDK would generate a plainer schema from the method, so the
/// declared one replaces it.
/// </summary>
internal static class ConformanceSchemaTool
{
    public const string Name = "json_schema_2020_12_tool";

    private const string InputSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": {
            "address": {
              "$anchor": "addressDef",
              "type": "object",
              "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
            }
          },
          "properties": {
            "name": { "type": "string" },
            "address": { "$ref": "#/$defs/address" },
            "contactMethod": { "type": "string", "enum": ["phone", "email"] },
            "phone": { "type": "string" },
            "email": { "type": "string" }
          },
          "allOf": [{ "anyOf": [{ "required": ["phone"] }, { "required": ["email"] }] }],
          "if": { "properties": { "contactMethod": { "const": "phone" } }, "required": ["contactMethod"] },
          "then": { "required": ["phone"] },
          "else": { "required": ["email"] },
          "additionalProperties": false
        }
        """;

    public static McpServerTool Create()
    {
        var tool = McpServerTool.Create(
            (string? name, JsonElement? address, string? contactMethod, string? phone, string? email) =>
                $"JSON Schema 2020-12 tool called with: {new JsonObject { ["name"] = name, ["contactMethod"] = contactMethod, ["phone"] = phone, ["email"] = email, ["address"] = address is { } a ? JsonNode.Parse(a.GetRawText()) : null }.ToJsonString()}",
            new McpServerToolCreateOptions { Name = Name, Description = "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)" });
        using var schema = JsonDocument.Parse(InputSchema);
        tool.ProtocolTool.InputSchema = schema.RootElement.Clone();
        return tool;
    }
}
