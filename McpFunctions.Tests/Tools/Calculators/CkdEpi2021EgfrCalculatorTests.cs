using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>
/// CKD-EPI 2021 creatinine equation (Inker et al., N Engl J Med 2021;385:1737-49):
/// 142 × min(Scr/κ,1)^α × max(Scr/κ,1)^−1.200 × 0.9938^age × 1.012 [female]. Expected values are the
/// equation worked by hand (independently of the code under test) to four significant places.
/// </summary>
public class CkdEpi2021EgfrCalculatorTests
{
    private readonly CkdEpi2021EgfrCalculator _calculator = new();

    // Male, 50, Scr 1.0 mg/dL: Scr/κ = 1.111 > 1, so 142 × 1.111^−1.2 (0.8813) × 0.9938^50 (0.7327) = 91.69 → 92.
    [Fact]
    public void Calculate_Male50_Creatinine1_Gives92()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 50, "sex": "male", "creatinine": 1.0}""");

        var egfr = result.Value("egfr");
        Assert.Equal(92, egfr.Value);
        Assert.Equal("mL/min/1.73 m²", egfr.Unit);
        Assert.Equal("eGFR 92 mL/min/1.73 m²: KDIGO category G1 (normal or high).", result.Interpretation);
    }

    [Theory]
    // Female below κ: 142 × (0.6/0.7)^−0.241 × 0.9938^60 × 1.012 = 102.69.
    [InlineData(60, true, 0.6, 102.6934)]
    // Female above κ: 142 × (1.5/0.7)^−1.2 × 0.9938^70 × 1.012 = 37.26.
    [InlineData(70, true, 1.5, 37.2569)]
    // Male below κ: 142 × (0.7/0.9)^−0.302 × 0.9938^40 = 119.46.
    [InlineData(40, false, 0.7, 119.4565)]
    // Male above κ: 142 × (4.0/0.9)^−1.2 × 0.9938^80 = 14.42.
    [InlineData(80, false, 4.0, 14.4154)]
    [InlineData(65, false, 1.2, 67.1114)]
    public void Estimate_MatchesHandWorkedEquation(double age, bool female, double creatinine, double expected)
    {
        Assert.Equal(expected, CkdEpi2021EgfrCalculator.Estimate(age, female, creatinine), 3);
    }

    // At Scr = κ both spline terms are 1: eGFR = 142 × 0.9938^age (× 1.012 for women).
    [Fact]
    public void Estimate_AtKappa_ReducesToAgeTermOnly()
    {
        Assert.Equal(142 * Math.Pow(0.9938, 50), CkdEpi2021EgfrCalculator.Estimate(50, false, 0.9), 9);
        Assert.Equal(142 * Math.Pow(0.9938, 50) * 1.012, CkdEpi2021EgfrCalculator.Estimate(50, true, 0.7), 9);
    }

    [Fact]
    public void Calculate_GivesSameEgfr_For1MgPerDlAnd88Point4MicromolPerLitre()
    {
        var (inMgDl, _) = CalculatorRunner.Run(_calculator, """{"age": 50, "sex": "male", "creatinine": 1.0, "creatinineUnit": "mg/dL"}""");
        var (inMicromol, arguments) = CalculatorRunner.Run(_calculator, """{"age": 50, "sex": "male", "creatinine": 88.4, "creatinineUnit": "µmol/L"}""");

        Assert.Equal(inMgDl.Value("egfr").Value, inMicromol.Value("egfr").Value);
        var creatinine = arguments.Used("creatinine");
        Assert.Equal(1.0, creatinine.Value.GetDouble(), 10);
        Assert.Equal("mg/dL", creatinine.Unit);
        Assert.Equal("88.4 µmol/L", creatinine.ConvertedFrom);
    }

    [Theory]
    [InlineData("umol/L")]
    [InlineData("UMOL/L")]
    [InlineData("μmol/L")]
    public void Calculate_AcceptsCommonSpellingsOfMicromolPerLitre(string unit)
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator, $$"""{"age": 50, "sex": "male", "creatinine": 88.4, "creatinineUnit": "{{unit}}"}""");

        Assert.Equal(92, result.Value("egfr").Value);
    }

    // Male, 80, Scr 4.0 → 14.4 → reported 14 → G5.
    [Fact]
    public void Calculate_ReportsKidneyFailureCategory_BelowFifteen()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 80, "sex": "male", "creatinine": 4.0}""");

        Assert.Equal(14, result.Value("egfr").Value);
        Assert.EndsWith("KDIGO category G5 (kidney failure).", result.Interpretation, StringComparison.Ordinal);
    }

    // KDIGO 2012 GFR categories: G1 ≥90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 <15.
    [Theory]
    [InlineData(90, "G1 (normal or high)")]
    [InlineData(89, "G2 (mildly decreased)")]
    [InlineData(60, "G2 (mildly decreased)")]
    [InlineData(59, "G3a (mildly to moderately decreased)")]
    [InlineData(45, "G3a (mildly to moderately decreased)")]
    [InlineData(44, "G3b (moderately to severely decreased)")]
    [InlineData(30, "G3b (moderately to severely decreased)")]
    [InlineData(29, "G4 (severely decreased)")]
    [InlineData(15, "G4 (severely decreased)")]
    [InlineData(14, "G5 (kidney failure)")]
    public void Categorise_FollowsKdigoBoundaries(double egfr, string expected)
    {
        Assert.Equal(expected, CkdEpi2021EgfrCalculator.Categorise(egfr));
    }

    [Fact]
    public void Calculate_RejectsCreatinineAboveRange_NamingInputAndUnit()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"age": 50, "sex": "male", "creatinine": 35}""");

        Assert.Equal("Input 'creatinine' must be between 0.1 and 20 mg/dL (got 35).", message);
    }

    [Fact]
    public void Calculate_RejectsCreatinineInMicromolAboveRange_InMicromol()
    {
        var message = CalculatorRunner.Fails(
            _calculator, """{"age": 50, "sex": "male", "creatinine": 2000, "creatinineUnit": "µmol/L"}""");

        Assert.Equal("Input 'creatinine' must be between 9 and 1768 µmol/L (got 2000).", message);
    }

    [Fact]
    public void Calculate_RejectsChildren()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"age": 17, "sex": "female", "creatinine": 0.6}""");

        Assert.Equal("Input 'age' must be between 18 and 120 years (got 17).", message);
    }

    [Fact]
    public void Calculate_RejectsMillimolePerLitreAsCreatinineUnit()
    {
        var message = CalculatorRunner.Fails(
            _calculator, """{"age": 50, "sex": "male", "creatinine": 0.09, "creatinineUnit": "mmol/L"}""");

        Assert.Equal("Input 'creatinineUnit' must be one of: mg/dL, µmol/L (got \"mmol/L\").", message);
    }
}
