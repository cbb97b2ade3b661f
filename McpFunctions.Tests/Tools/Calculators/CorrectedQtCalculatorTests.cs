using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>
/// Bazett (Heart 1920;7:353-70): QTc = QT/√RR. Fridericia (Acta Med Scand 1920;53:469-86): QTc = QT/∛RR.
/// RR = 60/HR s. Thresholds per Rautaharju et al., Circulation 2009;119:e241-50.
/// </summary>
public class CorrectedQtCalculatorTests
{
    private readonly CorrectedQtCalculator _calculator = new();

    // At 60 bpm RR = 1 s and both corrections leave QT unchanged.
    [Fact]
    public void Calculate_At60Bpm_BothFormulasEqualQt()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"qt": 400, "heartRate": 60, "sex": "male"}""");

        Assert.Equal(400, result.Value("qtcBazett").Value);
        Assert.Equal(400, result.Value("qtcFridericia").Value);
        Assert.Equal(1.0, result.Value("rr").Value);
        Assert.Equal("ms", result.Value("qtcBazett").Unit);
        Assert.Equal("QTc 400 ms by Bazett (normal); 400 ms by Fridericia (normal).", result.Interpretation);
        Assert.Single(result.Notes);
    }

    // QT 400 ms at 90 bpm: RR 0.6667 s; Bazett 400/0.8165 = 489.9 → 490; Fridericia 400/0.8736 = 457.9 → 458.
    [Fact]
    public void Calculate_At90Bpm_MatchesHandWorkedValues_AndSexThresholds()
    {
        var (male, _) = CalculatorRunner.Run(_calculator, """{"qt": 400, "heartRate": 90, "sex": "male"}""");
        var (female, _) = CalculatorRunner.Run(_calculator, """{"qt": 400, "heartRate": 90, "sex": "female"}""");

        Assert.Equal(490, male.Value("qtcBazett").Value);
        Assert.Equal(458, male.Value("qtcFridericia").Value);
        Assert.Equal(0.667, male.Value("rr").Value, 3);
        // 458 ms is prolonged for a man (≥ 450) but not for a woman (≥ 460).
        Assert.Equal("prolonged", male.Value("qtcFridericia").Interpretation);
        Assert.Equal("normal", female.Value("qtcFridericia").Interpretation);
        Assert.Equal("prolonged", female.Value("qtcBazett").Interpretation);
    }

    // QT 360 ms at 120 bpm: RR 0.5 s; Bazett 360/0.7071 = 509.1 → 509 (> 500); Fridericia 360/0.7937 = 453.6 → 454.
    [Fact]
    public void Calculate_AtFastRate_FlagsMarkedProlongation_AndBazettOvercorrection()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"qt": 360, "heartRate": 120, "sex": "female"}""");

        Assert.Equal(509, result.Value("qtcBazett").Value);
        Assert.Equal("markedly prolonged", result.Value("qtcBazett").Interpretation);
        Assert.Equal(454, result.Value("qtcFridericia").Value);
        Assert.Contains("At 120 bpm Bazett over-corrects; prefer Fridericia.", result.Notes);
    }

    // QT 440 ms, RR 1.2 s (50 bpm): Bazett 440/1.0954 = 401.7 → 402; Fridericia 440/1.0627 = 414.1 → 414.
    [Fact]
    public void Calculate_AcceptsRrIntervalDirectly()
    {
        var (result, arguments) = CalculatorRunner.Run(_calculator, """{"qt": 440, "rr": 1.2, "sex": "male"}""");

        Assert.Equal(402, result.Value("qtcBazett").Value);
        Assert.Equal(414, result.Value("qtcFridericia").Value);
        Assert.Contains("At 50 bpm Bazett under-corrects; prefer Fridericia.", result.Notes);
        Assert.Equal("s", arguments.Used("rr").Unit);
        Assert.DoesNotContain(arguments.Used, u => u.Name == "heartRate");
    }

    [Fact]
    public void Calculate_GivesSameResult_ForHeartRateAndEquivalentRr()
    {
        var (fromRate, _) = CalculatorRunner.Run(_calculator, """{"qt": 380, "heartRate": 75, "sex": "male"}""");
        var (fromRr, _) = CalculatorRunner.Run(_calculator, """{"qt": 380, "rr": 0.8, "sex": "male"}""");

        Assert.Equal(fromRate.Values, fromRr.Values);
    }

    [Theory]
    [InlineData(390, false, "short")]
    [InlineData(391, false, "normal")]
    [InlineData(449, false, "normal")]
    [InlineData(450, false, "prolonged")]
    [InlineData(459, true, "normal")]
    [InlineData(460, true, "prolonged")]
    [InlineData(500, true, "prolonged")]
    [InlineData(501, false, "markedly prolonged")]
    public void Classify_UsesAhaThresholds(double qtc, bool female, string expected)
    {
        Assert.Equal(expected, CorrectedQtCalculator.Classify(qtc, female));
    }

    [Fact]
    public void Calculate_RejectsBothHeartRateAndRr()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"qt": 400, "heartRate": 60, "rr": 1.0, "sex": "male"}""");

        Assert.Equal("Give only one of input 'heartRate' or input 'rr', not both.", message);
    }

    [Fact]
    public void Calculate_RejectsNeitherHeartRateNorRr()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"qt": 400, "sex": "male"}""");

        Assert.Equal("Give either input 'heartRate' (bpm, 20 to 250) or input 'rr' (s, 0.24 to 3).", message);
    }

    [Fact]
    public void Calculate_RejectsQtGivenInSeconds()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"qt": 0.4, "heartRate": 60, "sex": "male"}""");

        Assert.Equal("Input 'qt' must be between 200 and 800 ms (got 0.4).", message);
    }
}
