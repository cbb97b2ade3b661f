using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>
/// Lim et al., Thorax 2003;58:377-82: one point each for Confusion, Urea &gt; 7 mmol/L, Respiratory rate
/// ≥ 30/min, Blood pressure (systolic &lt; 90 or diastolic ≤ 60 mmHg), age ≥ 65. Groups 0–1, 2, 3–5.
/// </summary>
public class Curb65CalculatorTests
{
    private readonly Curb65Calculator _calculator = new();

    [Fact]
    public void Calculate_AllCriteria_Scores5_Severe()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            """{"confusion": true, "urea": 8, "respiratoryRate": 32, "systolicBp": 85, "diastolicBp": 50, "age": 70}""");

        Assert.Equal(5, result.Value("score").Value);
        Assert.All(result.ScoreItems!, i => Assert.True(i.Present));
        Assert.Equal(
            "CURB-65 5 of 5: high risk (severe pneumonia); manage in hospital and assess for intensive care, especially with a score of 4 or 5.",
            result.Interpretation);
    }

    // Every value on the "no point" side of its cut-off: urea exactly 7 (criterion is > 7), respiratory
    // rate 29, systolic 90 and diastolic 61, age 64.
    [Fact]
    public void Calculate_ValuesJustInsideCutOffs_Score0()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            """{"urea": 7, "respiratoryRate": 29, "systolicBp": 90, "diastolicBp": 61, "age": 64}""");

        Assert.Equal(0, result.Value("score").Value);
        Assert.Equal("CURB-65 0 of 5: low risk of death; consider treatment at home.", result.Interpretation);
    }

    [Theory]
    [InlineData(89, 61, 1)]
    [InlineData(120, 60, 1)]
    [InlineData(90, 61, 0)]
    public void Calculate_BloodPressureCriterion(double systolic, double diastolic, int expected)
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            $$"""{"urea": 5, "respiratoryRate": 16, "systolicBp": {{systolic}}, "diastolicBp": {{diastolic}}, "age": 40}""");

        Assert.Equal(expected, result.Item("bloodPressure").Points);
    }

    // BUN 19.6 mg/dL = 6.997 mmol/L urea (no point); BUN 20 mg/dL = 7.139 mmol/L (point).
    [Theory]
    [InlineData(19.6, 6.9965, 0)]
    [InlineData(20, 7.1393, 1)]
    public void Calculate_ConvertsBloodUreaNitrogenToUreaBeforeComparing(double bun, double ureaMmol, int expected)
    {
        var (result, arguments) = CalculatorRunner.Run(
            _calculator,
            $$"""{"urea": {{bun}}, "ureaUnit": "mg/dL", "respiratoryRate": 16, "systolicBp": 120, "diastolicBp": 80, "age": 40}""");

        Assert.Equal(expected, result.Item("urea").Points);
        var used = arguments.Used("urea");
        Assert.Equal(ureaMmol, used.Value.GetDouble(), 4);
        Assert.Equal("mmol/L", used.Unit);
        Assert.Equal($"{bun} mg/dL", used.ConvertedFrom);
    }

    [Fact]
    public void Calculate_ScoreTwo_IsIntermediate()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            """{"urea": 9, "respiratoryRate": 16, "systolicBp": 120, "diastolicBp": 80, "age": 80}""");

        Assert.Equal(2, result.Value("score").Value);
        Assert.StartsWith("CURB-65 2 of 5: intermediate risk", result.Interpretation, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_RejectsDiastolicNotBelowSystolic()
    {
        var message = CalculatorRunner.Fails(
            _calculator, """{"urea": 5, "respiratoryRate": 16, "systolicBp": 80, "diastolicBp": 90, "age": 40}""");

        Assert.Equal("Input 'diastolicBp' (90 mmHg) must be lower than 'systolicBp' (80 mmHg).", message);
    }
}
