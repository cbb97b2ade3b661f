namespace McpFunctions.Tools.Calculators;

/// <summary>One catalogue line in an <c>mcp_list</c> result.</summary>
internal sealed record CalculatorSummary(string Id, string Name, string Category, string Description)
{
    public static CalculatorSummary From(CalculatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition.Id, definition.Name, definition.Category, definition.Description);
    }
}
