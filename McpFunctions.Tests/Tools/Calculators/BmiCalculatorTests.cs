using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

public class BmiCalculatorTests
{
    private readonly BmiCalculator _calculator = new();

    // CDC, "About Adult BMI", metric worked example: weight 68 kg, height 165 cm → 68 ÷ (1.65)² = 24.98.
    [Fact]
    public void Calculate_MatchesCdcMetricWorkedExample()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"weight": 68, "height": 165}""");

        var bmi = result.Value("bmi");
        Assert.Equal(24.98, bmi.Value, 2);
        Assert.Equal("kg/m²", bmi.Unit);
        Assert.Equal("BMI 24.98 kg/m²: Normal range (WHO adult classification).", result.Interpretation);
    }

    // CDC imperial worked example: 150 lb, 5'5" (65 in) → [150 ÷ 65²] × 703 = 24.96. The 703 factor is a
    // rounded conversion; the exact lb→kg and in→cm conversions give 24.961.
    [Fact]
    public void Calculate_MatchesCdcImperialWorkedExample_AndStaysInNormalRange()
    {
        var (result, arguments) = CalculatorRunner.Run(
            _calculator, """{"weight": 150, "weightUnit": "lb", "height": 65, "heightUnit": "in"}""");

        Assert.Equal(24.96, result.Value("bmi").Value, 2);
        Assert.Contains("Normal range", result.Interpretation, StringComparison.Ordinal);

        var weight = arguments.Used("weight");
        Assert.Equal(68.0389, weight.Value.GetDouble(), 4);
        Assert.Equal("kg", weight.Unit);
        Assert.Equal("150 lb", weight.ConvertedFrom);
        var height = arguments.Used("height");
        Assert.Equal(165.1, height.Value.GetDouble(), 4);
        Assert.Equal("cm", height.Unit);
        Assert.Equal("65 in", height.ConvertedFrom);
    }

    [Fact]
    public void Calculate_GivesSameBmi_ForHeightInMetresAndCentimetres()
    {
        var (inMetres, _) = CalculatorRunner.Run(_calculator, """{"weight": 70, "height": 1.75, "heightUnit": "m"}""");
        var (inCentimetres, _) = CalculatorRunner.Run(_calculator, """{"weight": 70, "height": 175, "heightUnit": "cm"}""");

        Assert.Equal(22.86, inMetres.Value("bmi").Value, 2);
        Assert.Equal(inCentimetres.Value("bmi").Value, inMetres.Value("bmi").Value);
    }

    // WHO TRS 894 Table 2.1 band edges: <18.50, 18.50–24.99, 25.00–29.99, 30.00–34.99, 35.00–39.99, ≥40.
    [Theory]
    [InlineData(18.49, "Underweight")]
    [InlineData(18.50, "Normal range")]
    [InlineData(24.99, "Normal range")]
    [InlineData(25.00, "Pre-obese (overweight)")]
    [InlineData(29.99, "Pre-obese (overweight)")]
    [InlineData(30.00, "Obese class I")]
    [InlineData(35.00, "Obese class II")]
    [InlineData(39.99, "Obese class II")]
    [InlineData(40.00, "Obese class III")]
    public void Classify_FollowsWhoBands(double bmi, string expected)
    {
        Assert.Equal(expected, BmiCalculator.Classify(bmi));
    }

    [Fact]
    public void Calculate_RejectsWeightOutOfRange_InTheUnitGiven()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"weight": 1500, "weightUnit": "lb", "height": 170}""");

        Assert.Equal("Input 'weight' must be between 2 and 1430 lb (got 1500).", message);
    }

    [Fact]
    public void Calculate_RejectsHeightGivenInMetres_WhenUnitDefaultsToCentimetres()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"weight": 70, "height": 1.75}""");

        Assert.Equal("Input 'height' must be between 30 and 280 cm (got 1.75).", message);
    }

    [Fact]
    public void Calculate_RejectsImplausibleWeightHeightCombination()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"weight": 600, "height": 100}""");

        Assert.Equal(
            "Inputs 'weight' and 'height' give a BMI of 600 kg/m², outside the plausible range 5 to 250; check the values and 'weightUnit'/'heightUnit'.",
            message);
    }

    [Fact]
    public void Calculate_RejectsUnknownWeightUnit()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"weight": 70, "weightUnit": "stone", "height": 175}""");

        Assert.Equal("Input 'weightUnit' must be one of: kg, lb (got \"stone\").", message);
    }
}
