using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>
/// Cockcroft &amp; Gault, Nephron 1976;16:31-41: CrCl = (140 − age) × kg / (72 × Scr mg/dL), × 0.85 female.
/// </summary>
public class CockcroftGaultCalculatorTests
{
    private readonly CockcroftGaultCalculator _calculator = new();

    // Male 50 y, 80 kg, Scr 1.0: 90 × 80 / 72 = 100 mL/min.
    [Fact]
    public void Calculate_Male50_80Kg_Creatinine1_Gives100()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 50, "sex": "male", "weight": 80, "creatinine": 1.0}""");

        var clearance = result.Value("creatinineClearance");
        Assert.Equal(100, clearance.Value);
        Assert.Equal("mL/min", clearance.Unit);
        Assert.Equal(
            "Estimated creatinine clearance 100 mL/min (Cockcroft-Gault), not indexed to body surface area.",
            result.Interpretation);
    }

    // Female 45 y, 60 kg, Scr 0.9: 95 × 60 / 64.8 × 0.85 = 74.77 → 75.
    [Fact]
    public void Calculate_AppliesFemaleFactor()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 45, "sex": "female", "weight": 60, "creatinine": 0.9}""");

        Assert.Equal(75, result.Value("creatinineClearance").Value);
    }

    // Male 65 y, 80 kg, Scr 1.1: 75 × 80 / 79.2 = 75.76 → 76.
    [Fact]
    public void Calculate_RoundsHalfUpToWholeMillilitres()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 65, "sex": "male", "weight": 80, "creatinine": 1.1}""");

        Assert.Equal(76, result.Value("creatinineClearance").Value);
    }

    [Fact]
    public void Calculate_GivesSameClearance_ForMetricAndConventionalUnits()
    {
        // 176.37 lb = 80.000 kg; 88.4 µmol/L = 1.0 mg/dL.
        var (metric, _) = CalculatorRunner.Run(_calculator, """{"age": 50, "sex": "male", "weight": 80, "creatinine": 1.0}""");
        var (converted, arguments) = CalculatorRunner.Run(
            _calculator,
            """{"age": 50, "sex": "male", "weight": 176.37, "weightUnit": "lb", "creatinine": 88.4, "creatinineUnit": "µmol/L"}""");

        Assert.Equal(metric.Value("creatinineClearance").Value, converted.Value("creatinineClearance").Value);
        Assert.Equal(80.0, arguments.Used("weight").Value.GetDouble(), 2);
    }

    [Fact]
    public void Calculate_RequiresSex()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"age": 50, "weight": 80, "creatinine": 1.0}""");

        Assert.Equal("Input 'sex' is required: one of: female, male.", message);
    }
}
