using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpFunctions.Tools.Calculators;

/// <summary>One input as <c>mcp_get_info</c> describes it.</summary>
/// <param name="Type"><c>number</c>, <c>boolean</c> or <c>choice</c>.</param>
/// <param name="Ranges">Numbers only: one entry per accepted unit, the calculator's own unit first.</param>
/// <param name="UnitInput">Numbers with several units: the choice input that says which unit was used.</param>
/// <param name="AllowedValues">Choices only.</param>
/// <param name="Default">The value used when an optional input is omitted.</param>
internal sealed record CalculatorInputInfo(
    string Name,
    string Type,
    string Description,
    bool Required,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<InputRangeInfo>? Ranges,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? UnitInput,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string>? AllowedValues,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Default)
{
    public static CalculatorInputInfo From(CalculatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        return input.Kind switch
        {
            CalculatorInputKind.Number => new(
                input.Name, "number", input.Description, input.Required,
                [.. input.Ranges.Select(r => new InputRangeInfo(r.Unit, r.Minimum, r.Maximum))],
                input.UnitInput, AllowedValues: null, Default: null),
            CalculatorInputKind.Boolean => new(
                input.Name, "boolean", input.Description, input.Required,
                Ranges: null, UnitInput: null, AllowedValues: null,
                input.Required ? null : JsonValues.Boolean(false)),
            _ => new(
                input.Name, "choice", input.Description, input.Required,
                Ranges: null, UnitInput: null, input.AllowedValues,
                input.DefaultValue is null ? null : JsonValues.String(input.DefaultValue)),
        };
    }
}
