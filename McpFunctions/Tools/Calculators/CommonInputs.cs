namespace McpFunctions.Tools.Calculators;

/// <summary>
/// Inputs shared by several calculators, so "age", "sex", "weight" or "creatinine" mean the same thing,
/// accept the same units and refuse the same implausible values everywhere.
/// </summary>
internal static class CommonInputs
{
    public const string Female = "female";
    public const string Male = "male";

    // Conversion factors. Pound: international yard and pound agreement (1959), exact.
    // Creatinine: 1 mg/dL = 88.4 µmol/L (molar mass 113.12 g/mol), the factor the CKD-EPI and KDIGO
    // documents use.
    public const double KilogramsPerPound = 0.45359237;
    public const double CentimetresPerInch = 2.54;
    public const double MicromolesPerLitrePerMgPerDl = 88.4;

    public static CalculatorInput AdultAge(string description = "Age in whole or decimal years (adults, 18 and over).") =>
        CalculatorInput.Number("age", description, new UnitRange("years", 18, 120));

    public static CalculatorInput Sex(string description) =>
        CalculatorInput.Choice(
            "sex",
            description,
            [Female, Male],
            aliases: new Dictionary<string, string> { ["f"] = Female, ["m"] = Male });

    public static CalculatorInput Weight() =>
        CalculatorInput.NumberWithUnits(
            "weight",
            "Body weight, in the unit given by 'weightUnit'.",
            "weightUnit",
            [new UnitRange("kg", 1, 650), new UnitRange("lb", 2, 1430, KilogramsPerPound)]);

    public static CalculatorInput WeightUnit() =>
        CalculatorInput.Choice(
            "weightUnit",
            "Unit of 'weight': kg (default) or lb.",
            ["kg", "lb"],
            defaultValue: "kg",
            aliases: new Dictionary<string, string> { ["kgs"] = "kg", ["kilograms"] = "kg", ["lbs"] = "lb", ["pounds"] = "lb" });

    public static CalculatorInput Height() =>
        CalculatorInput.NumberWithUnits(
            "height",
            "Body height, in the unit given by 'heightUnit'.",
            "heightUnit",
            [
                new UnitRange("cm", 30, 280),
                new UnitRange("m", 0.3, 2.8, 100),
                new UnitRange("in", 12, 110, CentimetresPerInch),
            ]);

    public static CalculatorInput HeightUnit() =>
        CalculatorInput.Choice(
            "heightUnit",
            "Unit of 'height': cm (default), m or in.",
            ["cm", "m", "in"],
            defaultValue: "cm",
            aliases: new Dictionary<string, string> { ["inch"] = "in", ["inches"] = "in", ["metres"] = "m", ["meters"] = "m" });

    public static CalculatorInput Creatinine() =>
        CalculatorInput.NumberWithUnits(
            "creatinine",
            "Serum creatinine (IDMS-standardised assay), in the unit given by 'creatinineUnit'.",
            "creatinineUnit",
            [
                new UnitRange("mg/dL", 0.1, 20),
                new UnitRange("µmol/L", 9, 1768, 1 / MicromolesPerLitrePerMgPerDl),
            ]);

    public static CalculatorInput CreatinineUnit() =>
        CalculatorInput.Choice(
            "creatinineUnit",
            "Unit of 'creatinine': mg/dL (default) or µmol/L.",
            ["mg/dL", "µmol/L"],
            defaultValue: "mg/dL",
            // Keyboards rarely have the micro sign; "umol/L" and the Greek mu are the usual substitutes.
            aliases: new Dictionary<string, string> { ["umol/L"] = "µmol/L", ["μmol/L"] = "µmol/L" });
}
