namespace McpFunctions.Tools.Calculators;

/// <summary>
/// Creatinine clearance (mL/min) = (140 − age) × weight (kg) / (72 × Scr (mg/dL)), × 0.85 if female.
/// Source: Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron.
/// 1976;16(1):31-41. doi:10.1159/000180580. PMID: 1244564. (The paper derived the equation in men and
/// proposed the 15% lower value for women.)
/// </summary>
internal sealed class CockcroftGaultCalculator : IClinicalCalculator
{
    public const string Id = "cockcroft-gault";

    public CalculatorDefinition Definition { get; } = new(
        Id,
        "Creatinine Clearance (Cockcroft-Gault)",
        "Nephrology",
        "Estimated creatinine clearance from age, weight, sex and serum creatinine, as used in drug dosing labels.",
        ["crcl", "creatinine clearance", "cockcroft", "gault", "renal dosing", "drug dosing", "kidney function", "renal function"],
        [
            CommonInputs.AdultAge(),
            CommonInputs.Sex("Sex: female or male (female applies the 0.85 factor)."),
            CommonInputs.Weight(),
            CommonInputs.WeightUnit(),
            CommonInputs.Creatinine(),
            CommonInputs.CreatinineUnit(),
        ],
        "Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron. " +
        "1976;16(1):31-41. doi:10.1159/000180580. PMID: 1244564.");

    public CalculationResult Calculate(CalculatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        var age = arguments.GetNumber("age");
        var female = arguments.GetChoice("sex") == CommonInputs.Female;
        var weightKg = arguments.GetNumber("weight");
        var creatinineMgDl = arguments.GetNumber("creatinine");

        var clearance = (140 - age) * weightKg / (72 * creatinineMgDl);
        if (female)
        {
            clearance *= 0.85;
        }

        var value = ResultValue.Rounded("creatinineClearance", "Creatinine clearance", clearance, 0, "mL/min");
        return new CalculationResult(
            [value],
            $"Estimated creatinine clearance {InvariantNumber.Format(value.Value)} mL/min (Cockcroft-Gault), not indexed to body surface area.",
            ScoreItems: null,
            ["Uses the weight supplied; in obesity many dosing references use ideal or adjusted body weight instead.",
             "Valid only when creatinine is stable; not for acute kidney injury."]);
    }
}
