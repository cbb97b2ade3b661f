namespace McpFunctions.Tools.Calculators;

/// <summary>
/// Body mass index = weight (kg) / height (m)², with the WHO adult weight-status categories.
/// Source: World Health Organization. Obesity: preventing and managing the global epidemic. Report of a
/// WHO consultation. WHO Technical Report Series 894. Geneva: WHO; 2000. PMID: 11234459 (Table 2.1,
/// classification of adults according to BMI).
/// </summary>
internal sealed class BmiCalculator : IClinicalCalculator
{
    public const string Id = "bmi";

    // Outside this band the weight/height pair is almost certainly a unit slip (e.g. inches given as cm);
    // the highest BMIs ever recorded are around 200 kg/m².
    private const double MinimumPlausibleBmi = 5;
    private const double MaximumPlausibleBmi = 250;

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "Body Mass Index (BMI)",
        "Anthropometry",
        "Body mass index from weight and height, with the WHO adult weight-status category.",
        ["body mass index", "quetelet", "obesity", "overweight", "underweight", "weight status"],
        [CommonInputs.Weight(), CommonInputs.WeightUnit(), CommonInputs.Height(), CommonInputs.HeightUnit()],
        "World Health Organization. Obesity: preventing and managing the global epidemic. Report of a WHO " +
        "consultation. WHO Technical Report Series 894. Geneva: WHO; 2000. PMID: 11234459.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var weightKg = arguments.GetNumber("weight");
        var heightM = arguments.GetNumber("height") / 100;
        var bmi = weightKg / (heightM * heightM);

        if (bmi is < MinimumPlausibleBmi or > MaximumPlausibleBmi)
        {
            throw new CalculatorInputException(
                $"Inputs 'weight' and 'height' give a BMI of {InvariantNumber.Format(ResultValue.Round(bmi, 1))} kg/m², " +
                $"outside the plausible range {MinimumPlausibleBmi} to {MaximumPlausibleBmi}; check the values and 'weightUnit'/'heightUnit'.");
        }

        // Two decimals, because the WHO bands are written to two (18.50–24.99): at one decimal a BMI of
        // 24.96 would print as 25.0 while still belonging to the normal range.
        var value = ResultValue.Rounded("bmi", "Body mass index", bmi, 2, "kg/m²");
        var category = Classify(value.Value);

        return new CalculationResult(
            [value],
            $"BMI {InvariantNumber.Format(value.Value, 2)} kg/m²: {category} (WHO adult classification).",
            ScoreItems: null,
            ["WHO categories apply to adults; for children and adolescents use BMI-for-age percentiles.",
             "BMI does not distinguish muscle from fat and may misclassify athletes, older adults and some ethnic groups."]);
    }

    /// <summary>WHO TRS 894 Table 2.1, applied to the BMI as reported (two decimals).</summary>
    internal static string Classify(double bmi) => bmi switch
    {
        < 18.5 => "Underweight",
        < 25.0 => "Normal range",
        < 30.0 => "Pre-obese (overweight)",
        < 35.0 => "Obese class I",
        < 40.0 => "Obese class II",
        _ => "Obese class III",
    };
}
