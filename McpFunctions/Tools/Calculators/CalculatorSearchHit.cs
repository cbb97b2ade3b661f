namespace McpFunctions.Tools.Calculators;

/// <summary>A search match and its relevance; higher is better, comparable only within one search.</summary>
internal sealed record CalculatorSearchHit(IClinicalCalculator Calculator, int Score);
