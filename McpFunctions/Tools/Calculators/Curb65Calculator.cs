namespace McpFunctions.Tools.Calculators;

/// <summary>
/// CURB-65 severity score for community-acquired pneumonia, one point each: Confusion, Urea &gt; 7 mmol/L,
/// Respiratory rate ≥ 30/min, Blood pressure (systolic &lt; 90 or diastolic ≤ 60 mmHg), age ≥ 65 years.
/// Groups: 0–1 low risk, 2 intermediate, 3–5 high.
/// Source: Lim WS, van der Eerden MM, Laing R, et al. Defining community acquired pneumonia severity on
/// presentation to hospital: an international derivation and validation study. Thorax.
/// 2003;58(5):377-382. doi:10.1136/thorax.58.5.377. PMID: 12728155.
/// </summary>
internal sealed class Curb65Calculator : IClinicalCalculator
{
    public const string Id = "curb-65";

    // Urea is 60.06 g/mol and carries two nitrogen atoms (28.014 g per mol of urea), so blood urea
    // nitrogen in mg/dL × 10 / 28.014 gives urea in mmol/L. The publication's criterion is in mmol/L, so a
    // BUN is converted and compared with it rather than with a rounded mg/dL cut-off.
    public const double UreaMmolPerLitrePerBunMgPerDl = 10 / 28.014;

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "CURB-65 Score (pneumonia severity)",
        "Pulmonology",
        "Severity score for community-acquired pneumonia predicting 30-day mortality, used to decide between home, hospital and ICU care.",
        ["curb65", "crb-65", "pneumonia", "community-acquired pneumonia", "cap", "severity", "mortality"],
        [
            CalculatorInput.Flag("confusion", "C: new confusion (disorientation in person, place or time; abbreviated mental test ≤ 8)."),
            CalculatorInput.NumberWithUnits(
                "urea",
                "Serum urea in mmol/L, or blood urea nitrogen (BUN) in mg/dL, as given by 'ureaUnit'.",
                "ureaUnit",
                [new UnitRange("mmol/L", 0.5, 150), new UnitRange("mg/dL", 1.4, 420, UreaMmolPerLitrePerBunMgPerDl)]),
            CalculatorInput.Choice(
                "ureaUnit",
                "Unit of 'urea': mmol/L for urea (default) or mg/dL for blood urea nitrogen (BUN).",
                ["mmol/L", "mg/dL"],
                defaultValue: "mmol/L"),
            CalculatorInput.Number("respiratoryRate", "Respiratory rate in breaths per minute.", new UnitRange("breaths/min", 4, 80)),
            CalculatorInput.Number("systolicBp", "Systolic blood pressure in mmHg.", new UnitRange("mmHg", 40, 300)),
            CalculatorInput.Number("diastolicBp", "Diastolic blood pressure in mmHg.", new UnitRange("mmHg", 20, 200)),
            CommonInputs.AdultAge("Age in years: 65 and over scores 1."),
        ],
        "Lim WS, van der Eerden MM, Laing R, et al. Defining community acquired pneumonia severity on " +
        "presentation to hospital: an international derivation and validation study. Thorax. 2003;58(5):377-382. " +
        "doi:10.1136/thorax.58.5.377. PMID: 12728155.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var systolic = arguments.GetNumber("systolicBp");
        var diastolic = arguments.GetNumber("diastolicBp");
        if (diastolic >= systolic)
        {
            throw new CalculatorInputException(
                $"Input 'diastolicBp' ({InvariantNumber.Format(diastolic)} mmHg) must be lower than 'systolicBp' ({InvariantNumber.Format(systolic)} mmHg).");
        }

        ScoreItem[] items =
        [
            ScoreItem.Of("confusion", "C: Confusion", arguments.GetFlag("confusion"), 1),
            ScoreItem.Of("urea", "U: Urea > 7 mmol/L", arguments.GetNumber("urea") > 7, 1),
            ScoreItem.Of("respiratoryRate", "R: Respiratory rate ≥ 30/min", arguments.GetNumber("respiratoryRate") >= 30, 1),
            ScoreItem.Of("bloodPressure", "B: Systolic BP < 90 or diastolic BP ≤ 60 mmHg", systolic < 90 || diastolic <= 60, 1),
            ScoreItem.Of("age65OrOver", "65: Age ≥ 65 years", arguments.GetNumber("age") >= 65, 1),
        ];

        var score = items.Sum(i => i.Points);
        return new CalculationResult(
            [new ResultValue("score", "CURB-65 score", score, "points")],
            $"CURB-65 {score} of 5: {Interpret(score)}",
            items,
            ["A decision aid alongside clinical judgement: social circumstances, comorbidity and oxygenation also decide the place of care."]);
    }

    /// <summary>Lim et al. 2003 management groups.</summary>
    internal static string Interpret(int score) => score switch
    {
        <= 1 => "low risk of death; consider treatment at home.",
        2 => "intermediate risk; consider hospital-supervised treatment (short admission or hospital-supervised outpatient care).",
        _ => "high risk (severe pneumonia); manage in hospital and assess for intensive care, especially with a score of 4 or 5.",
    };
}
