namespace McpFunctions.Tools.Calculators;

/// <summary>
/// HAS-BLED 1-year major-bleeding risk score in atrial fibrillation, one point each: Hypertension
/// (uncontrolled, systolic &gt; 160 mmHg), Abnormal renal function, Abnormal liver function, Stroke,
/// Bleeding history or predisposition, Labile INR, Elderly (&gt; 65 years), Drugs (antiplatelet or NSAID),
/// Alcohol (≥ 8 drinks/week); maximum 9. A score ≥ 3 indicates high risk.
/// Source: Pisters R, Lane DA, Nieuwlaat R, de Vos CB, Crijns HJGM, Lip GYH. A novel user-friendly score
/// (HAS-BLED) to assess 1-year risk of major bleeding in patients with atrial fibrillation: the Euro Heart
/// Survey. Chest. 2010;138(5):1093-1100. doi:10.1378/chest.10-0134. PMID: 20299623.
/// </summary>
internal sealed class HasBledCalculator : IClinicalCalculator
{
    public const string Id = "has-bled";

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "HAS-BLED Score (bleeding risk in atrial fibrillation)",
        "Cardiology",
        "One-year major bleeding risk score for anticoagulated patients with atrial fibrillation.",
        ["hasbled", "bleeding risk", "major bleeding", "anticoagulation", "warfarin", "atrial fibrillation", "af", "afib"],
        [
            CalculatorInput.Flag("hypertension", "H: uncontrolled hypertension, systolic blood pressure > 160 mmHg."),
            CalculatorInput.Flag("abnormalRenalFunction", "A: chronic dialysis, renal transplant, or serum creatinine ≥ 200 µmol/L (2.26 mg/dL)."),
            CalculatorInput.Flag("abnormalLiverFunction", "A: chronic liver disease (e.g. cirrhosis) or bilirubin > 2× upper limit of normal with AST/ALT/ALP > 3× upper limit of normal."),
            CalculatorInput.Flag("stroke", "S: prior stroke."),
            CalculatorInput.Flag("bleeding", "B: prior major bleeding or predisposition to bleeding (e.g. anaemia, bleeding diathesis)."),
            CalculatorInput.Flag("labileInr", "L: labile INR (unstable or high INRs, time in therapeutic range < 60%); false if not on a vitamin K antagonist."),
            CommonInputs.AdultAge("Age in years: over 65 scores 1 (E, elderly)."),
            CalculatorInput.Flag("antiplateletOrNsaid", "D: concomitant antiplatelet agent or NSAID."),
            CalculatorInput.Flag("alcohol", "D: alcohol use of 8 or more drinks a week."),
        ],
        "Pisters R, Lane DA, Nieuwlaat R, de Vos CB, Crijns HJGM, Lip GYH. A novel user-friendly score " +
        "(HAS-BLED) to assess 1-year risk of major bleeding in patients with atrial fibrillation: the Euro Heart " +
        "Survey. Chest. 2010;138(5):1093-1100. doi:10.1378/chest.10-0134. PMID: 20299623.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        ScoreItem[] items =
        [
            ScoreItem.Of("hypertension", "H: Uncontrolled hypertension", arguments.GetFlag("hypertension"), 1),
            ScoreItem.Of("abnormalRenalFunction", "A: Abnormal renal function", arguments.GetFlag("abnormalRenalFunction"), 1),
            ScoreItem.Of("abnormalLiverFunction", "A: Abnormal liver function", arguments.GetFlag("abnormalLiverFunction"), 1),
            ScoreItem.Of("stroke", "S: Stroke", arguments.GetFlag("stroke"), 1),
            ScoreItem.Of("bleeding", "B: Bleeding history or predisposition", arguments.GetFlag("bleeding"), 1),
            ScoreItem.Of("labileInr", "L: Labile INR", arguments.GetFlag("labileInr"), 1),
            ScoreItem.Of("elderly", "E: Elderly (age > 65 years)", arguments.GetNumber("age") > 65, 1),
            ScoreItem.Of("antiplateletOrNsaid", "D: Drugs (antiplatelet or NSAID)", arguments.GetFlag("antiplateletOrNsaid"), 1),
            ScoreItem.Of("alcohol", "D: Alcohol (≥ 8 drinks/week)", arguments.GetFlag("alcohol"), 1),
        ];

        var score = items.Sum(i => i.Points);
        return new CalculationResult(
            [new ResultValue("score", "HAS-BLED score", score, "points")],
            $"HAS-BLED {score} of 9: {Interpret(score)}",
            items,
            ["A high score is a reason to correct modifiable risk factors and review more often, not by itself a reason to withhold anticoagulation."]);
    }

    /// <summary>Pisters et al. 2010: a score of 3 or more indicates high risk.</summary>
    internal static string Interpret(int score) => score switch
    {
        < 3 => "below the high-risk threshold of 3 (low to moderate bleeding risk).",
        _ => "high bleeding risk (≥ 3); caution and regular review are warranted.",
    };
}
