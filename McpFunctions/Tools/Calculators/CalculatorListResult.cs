namespace McpFunctions.Tools.Calculators;

/// <summary>Result of <c>mcp_list</c>.</summary>
/// <param name="Categories">Every category in the catalogue, whatever the filter, so a client can refine.</param>
internal sealed record CalculatorListResult(IReadOnlyList<CalculatorSummary> Calculators, IReadOnlyList<string> Categories);
