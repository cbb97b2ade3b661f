using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>
/// Points per Lip et al., Chest 2010;137:263-72 (Table 1 of the score's definition): C 1, H 1, A₂ 2, D 1,
/// S₂ 2, V 1, A 1, Sc 1; maximum 9. Treatment readings per 2020 ESC AF guidelines.
/// </summary>
public class Cha2ds2VascCalculatorTests
{
    private readonly Cha2ds2VascCalculator _calculator = new();

    // 72-year-old woman with hypertension: H 1 + A (65–74) 1 + Sc 1 = 3.
    [Fact]
    public void Calculate_WomanAged72WithHypertension_Scores3_WithPerItemPoints()
    {
        var (result, _) = CalculatorRunner.Run(_calculator, """{"age": 72, "sex": "female", "hypertension": true}""");

        var score = result.Value("score");
        Assert.Equal(3, score.Value);
        Assert.Equal("points", score.Unit);
        Assert.Equal(
            ["congestiveHeartFailure", "hypertension", "age75OrOver", "diabetes", "strokeTiaThromboembolism", "vascularDisease", "age65To74", "sexFemale"],
            result.ScoreItems!.Select(i => i.Name));
        Assert.Equal([0, 1, 0, 0, 0, 0, 1, 1], result.ScoreItems!.Select(i => i.Points));
        Assert.Equal(
            "CHA₂DS₂-VASc 3 of 9: oral anticoagulation is recommended (ESC 2020, class I).",
            result.Interpretation);
    }

    // 80-year-old man with heart failure, diabetes and prior stroke: C 1 + A₂ 2 + D 1 + S₂ 2 = 6.
    [Fact]
    public void Calculate_WeightsAgeOver75AndStrokeAsTwoPoints()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            """{"age": 80, "sex": "male", "congestiveHeartFailure": true, "diabetes": true, "strokeTiaThromboembolism": true}""");

        Assert.Equal(6, result.Value("score").Value);
        Assert.Equal(new ScoreItem("age75OrOver", "A₂: Age ≥ 75 years", true, 2), result.Item("age75OrOver"));
        Assert.Equal(new ScoreItem("age65To74", "A: Age 65–74 years", false, 0), result.Item("age65To74"));
        Assert.Equal(2, result.Item("strokeTiaThromboembolism").Points);
    }

    [Fact]
    public void Calculate_AllCriteria_Scores9()
    {
        var (result, _) = CalculatorRunner.Run(
            _calculator,
            """
            {"age": 75, "sex": "female", "congestiveHeartFailure": true, "hypertension": true, "diabetes": true,
             "strokeTiaThromboembolism": true, "vascularDisease": true}
            """);

        Assert.Equal(9, result.Value("score").Value);
    }

    [Theory]
    [InlineData(64.9, 0)]
    [InlineData(65, 1)]
    [InlineData(74.9, 1)]
    [InlineData(75, 2)]
    public void Calculate_AgeBandBoundaries(double age, int expected)
    {
        var (result, _) = CalculatorRunner.Run(_calculator, $$"""{"age": {{age}}, "sex": "male"}""");

        Assert.Equal(expected, result.Value("score").Value);
    }

    // ESC 2020: men 0 / women 1 → no OAC; men 1 / women 2 → consider; men ≥2 / women ≥3 → recommended.
    [Theory]
    [InlineData(0, false, "low stroke risk; oral anticoagulation is not recommended (ESC 2020).")]
    [InlineData(1, true, "low stroke risk; oral anticoagulation is not recommended (ESC 2020).")]
    [InlineData(1, false, "oral anticoagulation should be considered (ESC 2020, class IIa).")]
    [InlineData(2, true, "oral anticoagulation should be considered (ESC 2020, class IIa).")]
    [InlineData(2, false, "oral anticoagulation is recommended (ESC 2020, class I).")]
    [InlineData(3, true, "oral anticoagulation is recommended (ESC 2020, class I).")]
    public void Recommendation_UsesSexSpecificThresholds(int score, bool female, string expected)
    {
        Assert.Equal(expected, Cha2ds2VascCalculator.Recommendation(score, female));
    }

    [Fact]
    public void Calculate_ReportsOmittedCriteriaAsDefaultedFalse()
    {
        var (_, arguments) = CalculatorRunner.Run(_calculator, """{"age": 60, "sex": "male", "diabetes": false}""");

        var omitted = arguments.Used("vascularDisease");
        Assert.False(omitted.Value.GetBoolean());
        Assert.True(omitted.Defaulted);
        var given = arguments.Used("diabetes");
        Assert.False(given.Value.GetBoolean());
        Assert.False(given.Defaulted);
    }

    [Fact]
    public void Calculate_RejectsNonBooleanCriterion()
    {
        var message = CalculatorRunner.Fails(_calculator, """{"age": 60, "sex": "male", "hypertension": "yes"}""");

        Assert.Equal("Input 'hypertension' must be true or false (got \"yes\").", message);
    }
}
