using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>
/// Pisters et al., Chest 2010;138:1093-100: one point each for H, A (renal), A (liver), S, B, L, E (&gt; 65),
/// D (drugs), D (alcohol); maximum 9; ≥ 3 is high risk.
/// </summary>
public class HasBledCalculatorTests
{
    private readonly HasBledCalculator _calculator = new();

    // 70-year-old with uncontrolled hypertension taking aspirin: H 1 + E 1 + D 1 = 3 → high risk.
    [Fact]
    public void Calculate_ElderlyHypertensiveOnAspirin_Scores3_HighRisk()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator, """{"age": 70, "hypertension": true, "antiplateletOrNsaid": true}""");

        Assert.Equal(3, result.Value("score").Value);
        Assert.Equal(1, result.Item("hypertension").Points);
        Assert.Equal(1, result.Item("elderly").Points);
        Assert.Equal(1, result.Item("antiplateletOrNsaid").Points);
        Assert.Equal(6, result.ScoreItems!.Count(i => i.Points == 0));
        Assert.Equal("HAS-BLED 3 of 9: high bleeding risk (≥ 3); caution and regular review are warranted.", result.Interpretation);
    }

    [Fact]
    public void Calculate_AllCriteria_Scores9()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            """
            {"age": 80, "hypertension": true, "abnormalRenalFunction": true, "abnormalLiverFunction": true,
             "stroke": true, "bleeding": true, "labileInr": true, "antiplateletOrNsaid": true, "alcohol": true}
            """);

        Assert.Equal(9, result.Value("score").Value);
        Assert.All(result.ScoreItems!, i => Assert.Equal(1, i.Points));
    }

    // "Elderly" is age > 65, so 65 itself scores nothing.
    [Theory]
    [InlineData(65, 0)]
    [InlineData(66, 1)]
    public void Calculate_ElderlyMeansOver65(double age, int expected)
    {
        var (result, _) = CalculatorRunner.Run(_calculator, $$"""{"age": {{age}}}""");

        Assert.Equal(expected, result.Value("score").Value);
    }

    [Fact]
    public void Calculate_ScoreTwo_IsBelowHighRiskThreshold()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 50, "stroke": true, "alcohol": true}""");

        Assert.Equal(2, result.Value("score").Value);
        Assert.Equal("HAS-BLED 2 of 9: below the high-risk threshold of 3 (low to moderate bleeding risk).", result.Interpretation);
    }
}
