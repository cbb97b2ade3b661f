namespace McpFunctions.Tools.Calculators;

/// <summary>
/// What a client needs to know to choose and call a calculator: <c>mcp_list</c> and <c>mcp_search</c>
/// show the first four fields, <c>mcp_get_info</c> shows all of them.
/// </summary>
/// <param name="Keywords">Extra search words (synonyms, abbreviations) that do not read well in the description.</param>
/// <param name="Source">The publication the formula comes from: authors, journal, year, DOI and/or PMID.</param>
internal sealed record CalculatorDefinition(
    string Id,
    string Name,
    string Category,
    string Description,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<CalculatorInput> Inputs,
    string Source)
{
    public CalculatorInput? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}
