using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

public class MostellerBsaCalculatorTests
{
    private readonly MostellerBsaCalculator _calculator = new();

    // Mosteller, N Engl J Med 1987;317:1098: BSA = √(cm × kg / 3600). 180 cm × 80 kg = 14 400; / 3600 = 4; √4 = 2.
    [Fact]
    public void Calculate_GivesExactlyTwoSquareMetres_For180CmAnd80Kg()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"height": 180, "weight": 80}""");

        var bsa = result.Value("bsa");
        Assert.Equal(2.00, bsa.Value, 10);
        Assert.Equal("m²", bsa.Unit);
        Assert.Equal("Body surface area 2.00 m² (Mosteller).", result.Interpretation);
    }

    // 175 cm × 70 kg = 12 250; / 3600 = 3.4028; √ = 1.8447 → 1.84 m².
    [Fact]
    public void Calculate_RoundsToTwoDecimals()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"height": 175, "weight": 70}""");

        Assert.Equal(1.84, result.Value("bsa").Value, 10);
    }

    // The letter's imperial form √(in × lb / 3131) gives 2.006 for 70 in, 180 lb; converting to metric
    // first gives 2.008. Both report 2.01 m².
    [Fact]
    public void Calculate_AgreesWithMostellerImperialForm_ForInchesAndPounds()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator, """{"height": 70, "heightUnit": "in", "weight": 180, "weightUnit": "lb"}""");

        var imperialForm = Math.Round(Math.Sqrt(70.0 * 180.0 / 3131.0), 2);
        Assert.Equal(2.01, result.Value("bsa").Value, 10);
        Assert.Equal(imperialForm, result.Value("bsa").Value, 10);
    }

    [Fact]
    public void Calculate_RequiresHeight()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"weight": 80}""");

        Assert.Equal("Input 'height' is required: a number from 30 to 280 cm or a number from 0.3 to 2.8 m or a number from 12 to 110 in.", message);
    }
}
