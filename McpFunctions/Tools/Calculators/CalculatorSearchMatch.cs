namespace McpFunctions.Tools.Calculators;

/// <summary>One ranked line in an <c>mcp_search</c> result.</summary>
/// <param name="Score">Relevance, higher first; comparable only within one search.</param>
internal sealed record CalculatorSearchMatch(string Id, string Name, string Category, string Description, int Score)
{
    public static CalculatorSearchMatch From(CalculatorSearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var definition = hit.Calculator.Definition;
        return new(definition.Id, definition.Name, definition.Category, definition.Description, hit.Score);
    }
}
