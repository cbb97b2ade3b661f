namespace McpFunctions.Tools.Calculators;

/// <summary>What a formula produces, before the tool adds the calculator's identity, inputs and source.</summary>
/// <param name="Values">The headline value first.</param>
/// <param name="ScoreItems">Per-criterion points for points-based scores; null for formulas.</param>
/// <param name="Notes">Caveats a clinician should read with the number (validity limits, assumptions).</param>
internal sealed record CalculationResult(
    IReadOnlyList<ResultValue> Values,
    string Interpretation,
    IReadOnlyList<ScoreItem>? ScoreItems,
    IReadOnlyList<string> Notes);
