namespace McpFunctions.Tools.Calculators;

/// <summary>
/// CHA₂DS₂-VASc stroke-risk score in atrial fibrillation: Congestive heart failure/LV dysfunction 1,
/// Hypertension 1, Age ≥75 2, Diabetes 1, Stroke/TIA/thromboembolism 2, Vascular disease 1, Age 65–74 1,
/// Sex category female 1 (maximum 9).
/// Source: Lip GYH, Nieuwlaat R, Pisters R, Lane DA, Crijns HJGM. Refining clinical risk stratification
/// for predicting stroke and thromboembolism in atrial fibrillation using a novel risk factor-based
/// approach: the Euro Heart Survey on Atrial Fibrillation. Chest. 2010;137(2):263-272.
/// doi:10.1378/chest.09-1584. PMID: 19762550. Treatment thresholds: Hindricks G, et al. 2020 ESC
/// Guidelines for the diagnosis and management of atrial fibrillation. Eur Heart J. 2021;42(5):373-498.
/// doi:10.1093/eurheartj/ehaa612.
/// </summary>
internal sealed class Cha2ds2VascCalculator : IClinicalCalculator
{
    public const string Id = "cha2ds2-vasc";

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "CHA₂DS₂-VASc Score (stroke risk in atrial fibrillation)",
        "Cardiology",
        "Stroke and thromboembolism risk score for patients with atrial fibrillation, used to decide on oral anticoagulation.",
        ["chads", "chads2", "cha2ds2vasc", "atrial fibrillation", "af", "afib", "stroke risk", "anticoagulation", "thromboembolism"],
        [
            CalculatorInput.Flag("congestiveHeartFailure", "C: congestive heart failure, or objective evidence of moderate-to-severe LV systolic dysfunction."),
            CalculatorInput.Flag("hypertension", "H: hypertension (history, or on treatment)."),
            CommonInputs.AdultAge("Age in years: 65–74 scores 1 (A), 75 and over scores 2 (A₂)."),
            CalculatorInput.Flag("diabetes", "D: diabetes mellitus."),
            CalculatorInput.Flag("strokeTiaThromboembolism", "S₂: prior stroke, transient ischaemic attack or thromboembolism."),
            CalculatorInput.Flag("vascularDisease", "V: vascular disease (prior myocardial infarction, peripheral artery disease or aortic plaque)."),
            CommonInputs.Sex("Sc: sex category; female scores 1."),
        ],
        "Lip GYH, Nieuwlaat R, Pisters R, Lane DA, Crijns HJGM. Refining clinical risk stratification for " +
        "predicting stroke and thromboembolism in atrial fibrillation using a novel risk factor-based approach: " +
        "the Euro Heart Survey on Atrial Fibrillation. Chest. 2010;137(2):263-272. doi:10.1378/chest.09-1584. " +
        "PMID: 19762550. Treatment thresholds: 2020 ESC AF guidelines, Eur Heart J. 2021;42(5):373-498. " +
        "doi:10.1093/eurheartj/ehaa612.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var age = arguments.GetNumber("age");
        var female = arguments.GetChoice("sex") == CommonInputs.Female;

        ScoreItem[] items =
        [
            ScoreItem.Of("congestiveHeartFailure", "C: Congestive heart failure / LV dysfunction", arguments.GetFlag("congestiveHeartFailure"), 1),
            ScoreItem.Of("hypertension", "H: Hypertension", arguments.GetFlag("hypertension"), 1),
            ScoreItem.Of("age75OrOver", "A₂: Age ≥ 75 years", age >= 75, 2),
            ScoreItem.Of("diabetes", "D: Diabetes mellitus", arguments.GetFlag("diabetes"), 1),
            ScoreItem.Of("strokeTiaThromboembolism", "S₂: Stroke / TIA / thromboembolism", arguments.GetFlag("strokeTiaThromboembolism"), 2),
            ScoreItem.Of("vascularDisease", "V: Vascular disease", arguments.GetFlag("vascularDisease"), 1),
            ScoreItem.Of("age65To74", "A: Age 65–74 years", age is >= 65 and < 75, 1),
            ScoreItem.Of("sexFemale", "Sc: Sex category (female)", female, 1),
        ];

        var score = items.Sum(i => i.Points);
        return new CalculationResult(
            [new ResultValue("score", "CHA₂DS₂-VASc score", score, "points")],
            $"CHA₂DS₂-VASc {score} of 9: {Recommendation(score, female)}",
            items,
            ["Female sex is a risk modifier rather than a risk factor: a woman with no other factor (score 1) is low risk.",
             "Thresholds follow the 2020 ESC guidelines; weigh against bleeding risk (e.g. HAS-BLED) and patient preference."]);
    }

    /// <summary>2020 ESC AF guidelines, section 10.1.1 (thresholds differ by one point for women).</summary>
    internal static string Recommendation(int score, bool female)
    {
        var nonSexScore = female ? score - 1 : score;
        return nonSexScore switch
        {
            0 => "low stroke risk; oral anticoagulation is not recommended (ESC 2020).",
            1 => "oral anticoagulation should be considered (ESC 2020, class IIa).",
            _ => "oral anticoagulation is recommended (ESC 2020, class I).",
        };
    }
}
