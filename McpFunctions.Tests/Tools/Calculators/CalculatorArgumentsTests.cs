using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>Input binding rules shared by every calculator, exercised through the eGFR definition.</summary>
public class CalculatorArgumentsTests
{
    private static readonly CalculatorDefinition Egfr = new CkdEpi2021EgfrCalculator().Definition;

    private static CalculatorArguments Bind(string json) => CalculatorArguments.Bind(Egfr, CalculatorRunner.Inputs(json));

    private static string Fails(string json) => Assert.Throws<CalculatorInputException>(() => Bind(json)).Message;

    [Fact]
    public void Bind_ConvertsToCanonicalUnit_AndRecordsWhatWasGiven()
    {
        var arguments = Bind("""{"age": 50, "sex": "male", "creatinine": 176.8, "creatinineUnit": "µmol/L"}""");

        Assert.Equal(2.0, arguments.GetNumber("creatinine"), 10);
        Assert.Equal(["age", "sex", "creatinine"], arguments.Used.Select(u => u.Name));
        var creatinine = arguments.Used("creatinine");
        Assert.Equal(2.0, creatinine.Value.GetDouble(), 10);
        Assert.Equal("mg/dL", creatinine.Unit);
        Assert.Equal("176.8 µmol/L", creatinine.ConvertedFrom);
        Assert.False(creatinine.Defaulted);
    }

    [Fact]
    public void Bind_AppliesDefaultUnit_WhenUnitOmitted()
    {
        var arguments = Bind("""{"age": 50, "sex": "male", "creatinine": 1.3}""");

        Assert.Equal("mg/dL", arguments.GetChoice("creatinineUnit"));
        var creatinine = arguments.Used("creatinine");
        Assert.Equal(1.3, creatinine.Value.GetDouble());
        Assert.Null(creatinine.ConvertedFrom);
    }

    [Fact]
    public void Bind_MatchesNamesAndChoicesCaseInsensitively_AndAcceptsSexAliases()
    {
        var arguments = Bind("""{"Age": 50, "SEX": "F", "Creatinine": 0.8, "creatinineunit": "MG/DL"}""");

        Assert.Equal(50, arguments.GetNumber("age"));
        Assert.Equal("female", arguments.GetChoice("sex"));
        Assert.Equal("mg/dL", arguments.GetChoice("creatinineUnit"));
    }

    // Model-driven clients sometimes send every argument as a string.
    [Fact]
    public void Bind_AcceptsNumbersWrittenAsStrings()
    {
        var arguments = Bind("""{"age": "72", "sex": "male", "creatinine": " 1.1 "}""");

        Assert.Equal(72, arguments.GetNumber("age"));
        Assert.Equal(1.1, arguments.GetNumber("creatinine"));
    }

    [Fact]
    public void Bind_TreatsNullAsOmitted_ForOptionalInput()
    {
        var arguments = Bind("""{"age": 50, "sex": "male", "creatinine": 1.0, "creatinineUnit": null}""");

        Assert.Equal("mg/dL", arguments.GetChoice("creatinineUnit"));
    }

    [Fact]
    public void Bind_RejectsNullForRequiredInput()
    {
        Assert.Equal("Input 'age' is required: a number from 18 to 120 years.", Fails("""{"age": null, "sex": "male", "creatinine": 1.0}"""));
    }

    [Fact]
    public void Bind_RejectsMissingRequiredInput_DescribingWhatIsExpected()
    {
        Assert.Equal(
            "Input 'creatinine' is required: a number from 0.1 to 20 mg/dL or a number from 9 to 1768 µmol/L.",
            Fails("""{"age": 50, "sex": "male"}"""));
    }

    [Fact]
    public void Bind_RejectsUnknownInput_ListingExpectedNames()
    {
        Assert.Equal(
            "Unknown input 'creatinin' for calculator 'egfr-ckd-epi-2021'. Expected inputs: age, sex, creatinine, creatinineUnit.",
            Fails("""{"age": 50, "sex": "male", "creatinin": 1.0}"""));
    }

    [Fact]
    public void Bind_RejectsSameInputTwiceInDifferentCase()
    {
        Assert.Equal(
            "Input 'age' was given more than once.",
            Fails("""{"age": 50, "AGE": 51, "sex": "male", "creatinine": 1.0}"""));
    }

    [Theory]
    [InlineData("\"abc\"", "\"abc\"")]
    [InlineData("true", "true")]
    [InlineData("[50]", "[50]")]
    [InlineData("1e400", "1e400")]
    public void Bind_RejectsNonNumericValue(string raw, string echoed)
    {
        Assert.Equal(
            $"Input 'age' must be a number in years (got {echoed}).",
            Fails($$"""{"age": {{raw}}, "sex": "male", "creatinine": 1.0}"""));
    }

    [Fact]
    public void Bind_TruncatesLongValuesInMessages()
    {
        var longText = new string('x', 100);

        var message = Fails($$"""{"age": 50, "sex": "{{longText}}", "creatinine": 1.0}""");

        Assert.Equal($"Input 'sex' must be one of: female, male (got \"{new string('x', 39)}…).", message);
    }

    [Fact]
    public void Bind_RejectsNonStringChoice()
    {
        Assert.Equal(
            "Input 'sex' must be one of: female, male (got 1).",
            Fails("""{"age": 50, "sex": 1, "creatinine": 1.0}"""));
    }

    [Theory]
    [InlineData(18)]
    [InlineData(120)]
    public void Bind_AcceptsRangeEndpoints(double age)
    {
        var arguments = Bind($$"""{"age": {{age}}, "sex": "male", "creatinine": 1.0}""");

        Assert.Equal(age, arguments.GetNumber("age"));
    }

    [Fact]
    public void Bind_TreatsMissingInputsObjectAsEmpty()
    {
        var exception = Assert.Throws<CalculatorInputException>(() => CalculatorArguments.Bind(Egfr, null));

        Assert.Equal("Input 'age' is required: a number from 18 to 120 years.", exception.Message);
    }

    [Fact]
    public void GetNumber_ThrowsInvalidOperation_ForUndeclaredName()
    {
        var arguments = Bind("""{"age": 50, "sex": "male", "creatinine": 1.0}""");

        Assert.Throws<InvalidOperationException>(() => arguments.GetNumber("weight"));
        Assert.Throws<InvalidOperationException>(() => arguments.GetFlag("sex"));
    }

    [Fact]
    public void Bind_AcceptsBooleansWrittenAsStrings()
    {
        var definition = new HasBledCalculator().Definition;

        var arguments = CalculatorArguments.Bind(definition, CalculatorRunner.Inputs("""{"age": 70, "stroke": "TRUE", "alcohol": "false"}"""));

        Assert.True(arguments.GetFlag("stroke"));
        Assert.False(arguments.GetFlag("alcohol"));
        Assert.False(arguments.GetFlag("bleeding"));
        Assert.True(arguments.Used("bleeding").Defaulted);
        Assert.False(arguments.Used("stroke").Defaulted);
    }
}
