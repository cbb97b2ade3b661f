namespace McpFunctions.Tools.Calculators;

/// <summary>Result of <c>mcp_get_info</c>: everything needed to call <c>mcp_execute</c> correctly.</summary>
internal sealed record CalculatorInfo(
    string Id,
    string Name,
    string Category,
    string Description,
    IReadOnlyList<CalculatorInputInfo> Inputs,
    string Source)
{
    public static CalculatorInfo From(CalculatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(
            definition.Id,
            definition.Name,
            definition.Category,
            definition.Description,
            [.. definition.Inputs.Select(CalculatorInputInfo.From)],
            definition.Source);
    }
}
