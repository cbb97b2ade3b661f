namespace McpFunctions.Tools.Calculators;

/// <summary>
/// eGFRcr (mL/min/1.73 m²) = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [if female],
/// κ = 0.7 (female) / 0.9 (male), α = −0.241 (female) / −0.302 (male), Scr in mg/dL.
/// Source: Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin C-based equations to
/// estimate GFR without race. N Engl J Med. 2021;385(19):1737-1749. doi:10.1056/NEJMoa2102953.
/// PMID: 34554658. GFR categories G1–G5: KDIGO 2012 Clinical Practice Guideline for the Evaluation and
/// Management of Chronic Kidney Disease. Kidney Int Suppl. 2013;3(1):1-150.
/// </summary>
internal sealed class CkdEpi2021EgfrCalculator : IClinicalCalculator
{
    public const string Id = "egfr-ckd-epi-2021";

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "eGFR (CKD-EPI 2021 creatinine, race-free)",
        "Nephrology",
        "Estimated glomerular filtration rate from serum creatinine, age and sex by the 2021 race-free CKD-EPI equation, with the KDIGO GFR category.",
        ["egfr", "gfr", "glomerular filtration rate", "ckd-epi", "ckd", "kidney function", "renal function", "creatinine"],
        [
            CommonInputs.AdultAge("Age in years (the equation is validated for adults, 18 and over)."),
            CommonInputs.Sex("Sex used by the equation's κ, α and female coefficient: female or male."),
            CommonInputs.Creatinine(),
            CommonInputs.CreatinineUnit(),
        ],
        "Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin C-based equations to estimate GFR " +
        "without race. N Engl J Med. 2021;385(19):1737-1749. doi:10.1056/NEJMoa2102953. PMID: 34554658. " +
        "GFR categories: KDIGO 2012 CKD guideline, Kidney Int Suppl. 2013;3(1):1-150.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var age = arguments.GetNumber("age");
        var female = arguments.GetChoice("sex") == CommonInputs.Female;
        var creatinineMgDl = arguments.GetNumber("creatinine");

        var egfr = Estimate(age, female, creatinineMgDl);

        // Laboratories report eGFR as a whole number; the category is read from the reported value so
        // the two never disagree at a boundary.
        var value = ResultValue.Rounded("egfr", "Estimated GFR", egfr, 0, "mL/min/1.73 m²");
        var category = Categorise(value.Value);

        return new CalculationResult(
            [value],
            $"eGFR {InvariantNumber.Format(value.Value)} mL/min/1.73 m²: KDIGO category {category}.",
            ScoreItems: null,
            ["Valid only when creatinine is stable; not for acute kidney injury.",
             "Categories G1 and G2 indicate CKD only with other markers of kidney damage; CKD requires abnormalities present for more than 3 months.",
             "Creatinine-based estimates are less accurate at extremes of muscle mass; KDIGO suggests confirming with cystatin C where that matters."]);
    }

    internal static double Estimate(double age, bool female, double creatinineMgDl)
    {
        var kappa = female ? 0.7 : 0.9;
        var alpha = female ? -0.241 : -0.302;
        var ratio = creatinineMgDl / kappa;

        var egfr = 142
            * Math.Pow(Math.Min(ratio, 1), alpha)
            * Math.Pow(Math.Max(ratio, 1), -1.200)
            * Math.Pow(0.9938, age);

        return female ? egfr * 1.012 : egfr;
    }

    /// <summary>KDIGO 2012 GFR categories (mL/min/1.73 m²).</summary>
    internal static string Categorise(double egfr) => egfr switch
    {
        >= 90 => "G1 (normal or high)",
        >= 60 => "G2 (mildly decreased)",
        >= 45 => "G3a (mildly to moderately decreased)",
        >= 30 => "G3b (moderately to severely decreased)",
        >= 15 => "G4 (severely decreased)",
        _ => "G5 (kidney failure)",
    };
}
