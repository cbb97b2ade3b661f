using System.Text.Json.Serialization;

namespace McpFunctions.Tools.Calculators;

/// <summary>Result of <c>mcp_execute</c>.</summary>
/// <param name="Results">The headline value first, each with its unit.</param>
/// <param name="ScoreItems">Per-criterion points for points-based scores; absent for formulas.</param>
/// <param name="InputsUsed">The inputs after unit conversion and defaults, as the formula saw them.</param>
/// <param name="Source">The publication the formula comes from.</param>
internal sealed record CalculatorExecutionResult(
    string CalculatorId,
    string CalculatorName,
    IReadOnlyList<ResultValue> Results,
    string Interpretation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<ScoreItem>? ScoreItems,
    IReadOnlyList<InputUsed> InputsUsed,
    IReadOnlyList<string> Notes,
    string Source)
{
    public static CalculatorExecutionResult From(
        CalculatorDefinition definition, CalculationResult result, IReadOnlyList<InputUsed> inputsUsed)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(inputsUsed);

        return new(
            definition.Id,
            definition.Name,
            result.Values,
            result.Interpretation,
            result.ScoreItems,
            inputsUsed,
            result.Notes,
            definition.Source);
    }
}
