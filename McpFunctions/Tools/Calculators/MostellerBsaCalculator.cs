namespace McpFunctions.Tools.Calculators;

/// <summary>
/// Body surface area (m²) = √(height (cm) × weight (kg) / 3600).
/// Source: Mosteller RD. Simplified calculation of body-surface area. N Engl J Med. 1987;317(17):1098.
/// doi:10.1056/NEJM198710223171717. PMID: 3657876. (The letter also gives the equivalent
/// √(height (in) × weight (lb) / 3131); converting to metric first gives the same result to 0.01 m².)
/// </summary>
internal sealed class MostellerBsaCalculator : IClinicalCalculator
{
    public const string Id = "bsa-mosteller";

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "Body Surface Area (Mosteller)",
        "Anthropometry",
        "Body surface area from height and weight by the Mosteller formula, as used for chemotherapy dosing and indexing.",
        ["bsa", "body surface area", "mosteller", "chemotherapy dosing", "cardiac index"],
        [CommonInputs.Weight(), CommonInputs.WeightUnit(), CommonInputs.Height(), CommonInputs.HeightUnit()],
        "Mosteller RD. Simplified calculation of body-surface area. N Engl J Med. 1987;317(17):1098. " +
        "doi:10.1056/NEJM198710223171717. PMID: 3657876.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var weightKg = arguments.GetNumber("weight");
        var heightCm = arguments.GetNumber("height");
        var bsa = Math.Sqrt(heightCm * weightKg / 3600);

        var value = ResultValue.Rounded("bsa", "Body surface area", bsa, 2, "m²");
        return new CalculationResult(
            [value],
            $"Body surface area {InvariantNumber.Format(value.Value, 2)} m² (Mosteller).",
            ScoreItems: null,
            ["Uses the weight supplied; dosing protocols may specify actual, ideal or adjusted body weight."]);
    }
}
