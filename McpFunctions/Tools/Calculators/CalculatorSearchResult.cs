namespace McpFunctions.Tools.Calculators;

/// <summary>Result of <c>mcp_search</c>: matches best first; empty when nothing matched.</summary>
internal sealed record CalculatorSearchResult(string Query, IReadOnlyList<CalculatorSearchMatch> Results);
