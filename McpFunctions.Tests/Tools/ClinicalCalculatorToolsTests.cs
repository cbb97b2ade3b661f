using System.Reflection;
using System.Text.Json;
using McpFunctions.Tests.Tools.Calculators;
using McpFunctions.Tools;
using McpFunctions.Tools.Calculators;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Tools;

public class ClinicalCalculatorToolsTests
{
    private readonly ClinicalCalculatorTools _tools = new(new CalculatorCatalog());

    // --- mcp_list ---

    [Fact]
    public void List_ReturnsWholeCatalogue_WithCategories()
    {
        var result = _tools.List();

        Assert.Equal(8, result.Calculators.Count);
        Assert.Equal(
            new CalculatorSummary(
                "egfr-ckd-epi-2021",
                "eGFR (CKD-EPI 2021 creatinine, race-free)",
                "Nephrology",
                "Estimated glomerular filtration rate from serum creatinine, age and sex by the 2021 race-free CKD-EPI equation, with the KDIGO GFR category."),
            result.Calculators[2]);
        Assert.Equal(["Anthropometry", "Cardiology", "Nephrology", "Pulmonology"], result.Categories);
    }

    [Fact]
    public void List_FiltersByCategory_CaseInsensitively()
    {
        var result = _tools.List("nephrology");

        Assert.Equal(["egfr-ckd-epi-2021", "cockcroft-gault"], result.Calculators.Select(c => c.Id));
        Assert.Equal(4, result.Categories.Count);
    }

    [Fact]
    public void List_RejectsUnknownCategory_NamingTheKnownOnes()
    {
        var exception = Assert.Throws<McpException>(() => _tools.List("Oncology"));

        Assert.Equal("Unknown category 'Oncology'. Known categories: Anthropometry, Cardiology, Nephrology, Pulmonology.", exception.Message);
    }

    // --- mcp_search ---

    [Fact]
    public void Search_ReturnsRankedMatches_WithQueryEchoed()
    {
        var result = _tools.Search("QT interval");

        Assert.Equal("QT interval", result.Query);
        Assert.Equal("qtc", result.Results[0].Id);
        Assert.Equal("Corrected QT Interval (Bazett and Fridericia)", result.Results[0].Name);
        Assert.True(result.Results[0].Score > 0);
        Assert.Equal(result.Results.OrderByDescending(r => r.Score).Select(r => r.Id), result.Results.Select(r => r.Id));
    }

    [Fact]
    public void Search_ReturnsEmptyList_WhenNothingMatches()
    {
        Assert.Empty(_tools.Search("xylophone").Results);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("--")]
    public void Search_RejectsQueryWithoutWords(string query)
    {
        var exception = Assert.Throws<McpException>(() => _tools.Search(query));

        Assert.Equal("Input 'query' must contain at least one word to search for.", exception.Message);
    }

    // --- mcp_get_info ---

    [Fact]
    public void GetInfo_DescribesInputsUnitsRangesAndSource()
    {
        var info = _tools.GetInfo("egfr-ckd-epi-2021");

        Assert.Equal("egfr-ckd-epi-2021", info.Id);
        Assert.Equal(["age", "sex", "creatinine", "creatinineUnit"], info.Inputs.Select(i => i.Name));

        var age = info.Inputs[0];
        Assert.Equal("number", age.Type);
        Assert.True(age.Required);
        Assert.Equal([new InputRangeInfo("years", 18, 120)], age.Ranges);

        var sex = info.Inputs[1];
        Assert.Equal("choice", sex.Type);
        Assert.Equal(["female", "male"], sex.AllowedValues);
        Assert.Null(sex.Default);

        var creatinine = info.Inputs[2];
        Assert.Equal([new InputRangeInfo("mg/dL", 0.1, 20), new InputRangeInfo("µmol/L", 9, 1768)], creatinine.Ranges);
        Assert.Equal("creatinineUnit", creatinine.UnitInput);

        var unit = info.Inputs[3];
        Assert.False(unit.Required);
        Assert.Equal(["mg/dL", "µmol/L"], unit.AllowedValues);
        Assert.Equal("mg/dL", unit.Default!.Value.GetString());

        Assert.Contains("Inker LA", info.Source, StringComparison.Ordinal);
        Assert.Contains("N Engl J Med. 2021;385(19):1737-1749", info.Source, StringComparison.Ordinal);
        Assert.Contains("doi:10.1056/NEJMoa2102953", info.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInfo_ShowsOptionalBooleansDefaultingToFalse()
    {
        var info = _tools.GetInfo("CHA2DS2-VASC");

        var hypertension = info.Inputs.Single(i => i.Name == "hypertension");
        Assert.Equal("boolean", hypertension.Type);
        Assert.False(hypertension.Required);
        Assert.False(hypertension.Default!.Value.GetBoolean());
        Assert.Null(hypertension.Ranges);
    }

    [Fact]
    public void GetInfo_RejectsUnknownCalculator()
    {
        var exception = Assert.Throws<McpException>(() => _tools.GetInfo("apgar"));

        Assert.Equal(
            "Unknown calculator 'apgar'. Known calculators: bmi, bsa-mosteller, egfr-ckd-epi-2021, cockcroft-gault, cha2ds2-vasc, has-bled, qtc, curb-65. Use mcp_list or mcp_search to find one.",
            exception.Message);
    }

    // --- mcp_execute ---

    [Fact]
    public void Execute_ReturnsValueUnitInterpretationInputsAndSource()
    {
        var result = _tools.Execute(
            "egfr-ckd-epi-2021",
            CalculatorRunner.Inputs("""{"age": 50, "sex": "male", "creatinine": 88.4, "creatinineUnit": "umol/L"}"""));

        Assert.Equal("egfr-ckd-epi-2021", result.CalculatorId);
        Assert.Equal("eGFR (CKD-EPI 2021 creatinine, race-free)", result.CalculatorName);
        Assert.Equal([new ResultValue("egfr", "Estimated GFR", 92, "mL/min/1.73 m²")], result.Results);
        Assert.Equal("eGFR 92 mL/min/1.73 m²: KDIGO category G1 (normal or high).", result.Interpretation);
        Assert.Null(result.ScoreItems);
        Assert.Equal(["age", "sex", "creatinine"], result.InputsUsed.Select(u => u.Name));
        Assert.Equal("88.4 µmol/L", result.InputsUsed[2].ConvertedFrom);
        Assert.Equal(new CkdEpi2021EgfrCalculator().Definition.Source, result.Source);
        Assert.NotEmpty(result.Notes);
    }

    [Fact]
    public void Execute_ReturnsPerItemPoints_ForScores()
    {
        var result = _tools.Execute("cha2ds2-vasc", CalculatorRunner.Inputs("""{"age": 72, "sex": "female", "hypertension": true}"""));

        Assert.Equal(3, result.Results.Single().Value);
        Assert.Equal(8, result.ScoreItems!.Count);
        Assert.Equal(3, result.ScoreItems.Sum(i => i.Points));
    }

    [Fact]
    public void Execute_RejectsUnknownCalculator()
    {
        var exception = Assert.Throws<McpException>(() => _tools.Execute("apgar", CalculatorRunner.Inputs("{}")));

        Assert.StartsWith("Unknown calculator 'apgar'.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_TurnsOutOfRangeInputIntoToolError()
    {
        var exception = Assert.Throws<McpException>(() => _tools.Execute(
            "egfr-ckd-epi-2021", CalculatorRunner.Inputs("""{"age": 50, "sex": "male", "creatinine": 35}""")));

        Assert.Equal("Input 'creatinine' must be between 0.1 and 20 mg/dL (got 35).", exception.Message);
    }

    [Fact]
    public void Execute_TurnsCrossFieldRuleIntoToolError()
    {
        var exception = Assert.Throws<McpException>(() => _tools.Execute(
            "qtc", CalculatorRunner.Inputs("""{"qt": 400, "sex": "male"}""")));

        Assert.Equal("Give either input 'heartRate' (bpm, 20 to 250) or input 'rr' (s, 0.24 to 3).", exception.Message);
    }

    [Fact]
    public void Execute_ReportsFirstMissingInput_WhenInputsAbsent()
    {
        var exception = Assert.Throws<McpException>(() => _tools.Execute("bmi", null!));

        Assert.Equal(
            "Input 'weight' is required: a number from 1 to 650 kg or a number from 2 to 1430 lb.",
            exception.Message);
    }

    // Every calculator runs end to end on a plausible adult and returns finite values with units.
    [Theory]
    [InlineData("bmi", """{"weight": 70, "height": 175}""")]
    [InlineData("bsa-mosteller", """{"weight": 70, "height": 175}""")]
    [InlineData("egfr-ckd-epi-2021", """{"age": 60, "sex": "female", "creatinine": 0.9}""")]
    [InlineData("cockcroft-gault", """{"age": 60, "sex": "female", "weight": 65, "creatinine": 0.9}""")]
    [InlineData("cha2ds2-vasc", """{"age": 60, "sex": "male"}""")]
    [InlineData("has-bled", """{"age": 60}""")]
    [InlineData("qtc", """{"qt": 400, "heartRate": 70, "sex": "male"}""")]
    [InlineData("curb-65", """{"urea": 6, "respiratoryRate": 18, "systolicBp": 125, "diastolicBp": 75, "age": 60}""")]
    public void Execute_RunsEveryCalculator(string id, string inputs)
    {
        var result = _tools.Execute(id, CalculatorRunner.Inputs(inputs));

        Assert.Equal(id, result.CalculatorId);
        Assert.NotEmpty(result.Results);
        Assert.All(result.Results, v => Assert.True(double.IsFinite(v.Value)));
        Assert.All(result.Results, v => Assert.False(string.IsNullOrWhiteSpace(v.Unit)));
        Assert.False(string.IsNullOrWhiteSpace(result.Interpretation));
        Assert.False(string.IsNullOrWhiteSpace(result.Source));
    }

    // --- wiring: DI, schema, scopes, JSON ---

    [Fact]
    public void Tools_CanBeCreatedFromContainer_WithTheBuiltInCatalogue()
    {
        using var provider = new ServiceCollection().AddSingleton<CalculatorCatalog>().BuildServiceProvider();

        var tools = ActivatorUtilities.CreateInstance<ClinicalCalculatorTools>(provider);

        Assert.Equal(8, tools.List().Calculators.Count);
    }

    public static TheoryData<string, string, string[], string[], string> ToolShapes => new()
    {
        { nameof(ClinicalCalculatorTools.List), "mcp_list", ["category"], [], "mcp:read" },
        { nameof(ClinicalCalculatorTools.Search), "mcp_search", ["query"], ["query"], "mcp:read" },
        { nameof(ClinicalCalculatorTools.GetInfo), "mcp_get_info", ["calculatorId"], ["calculatorId"], "mcp:read" },
        { nameof(ClinicalCalculatorTools.Execute), "mcp_execute", ["calculatorId", "inputs"], ["calculatorId", "inputs"], "mcp:execute" },
    };

    [Theory]
    [MemberData(nameof(ToolShapes))]
    public void ProtocolTool_HasNameSchemaAnnotationsAndOutputSchema(
        string method, string name, string[] properties, string[] required, string scope)
    {
        _ = scope;
        var tool = McpServerTool.Create(Method(method), _ => _tools).ProtocolTool;

        Assert.Equal(name, tool.Name);
        Assert.False(string.IsNullOrWhiteSpace(tool.Title));
        Assert.False(string.IsNullOrWhiteSpace(tool.Description));

        var schema = tool.InputSchema;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(properties, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            Assert.False(string.IsNullOrWhiteSpace(property.Value.GetProperty("description").GetString()));
        }

        var requiredNames = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        Assert.Equal(required, requiredNames);

        Assert.NotNull(tool.OutputSchema);
        Assert.Equal("object", tool.OutputSchema.Value.GetProperty("type").GetString());

        Assert.NotNull(tool.Annotations);
        Assert.True(tool.Annotations.ReadOnlyHint);
        Assert.True(tool.Annotations.IdempotentHint);
        Assert.False(tool.Annotations.DestructiveHint);
        Assert.False(tool.Annotations.OpenWorldHint);
    }

    [Theory]
    [MemberData(nameof(ToolShapes))]
    public void ToolMethod_DeclaresItsRequiredScope(
        string method, string name, string[] properties, string[] required, string scope)
    {
        _ = (name, properties, required);

        var scopes = Method(method).GetCustomAttributes<RequiredScopeAttribute>().Select(a => a.Scope);

        Assert.Equal([scope], scopes);
    }

    [Fact]
    public void ExecuteSchema_DeclaresInputsAsObject()
    {
        var tool = McpServerTool.Create(Method(nameof(ClinicalCalculatorTools.Execute)), _ => _tools).ProtocolTool;

        var inputs = tool.InputSchema.GetProperty("properties").GetProperty("inputs");
        Assert.Equal("object", inputs.GetProperty("type").GetString());
        var calculatorId = tool.InputSchema.GetProperty("properties").GetProperty("calculatorId");
        Assert.Equal("string", calculatorId.GetProperty("type").GetString());
    }

    [Fact]
    public void ExecuteOutputSchema_ListsResultFields()
    {
        var tool = McpServerTool.Create(Method(nameof(ClinicalCalculatorTools.Execute)), _ => _tools).ProtocolTool;

        var properties = tool.OutputSchema!.Value.GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(
            ["calculatorId", "calculatorName", "results", "interpretation", "scoreItems", "inputsUsed", "notes", "source"],
            properties);
    }

    [Fact]
    public void ExecutionResult_SerializesWithCamelCaseNames_AndAbsentFieldsAsNull()
    {
        var result = _tools.Execute("bmi", CalculatorRunner.Inputs("""{"weight": 150, "weightUnit": "lb", "height": 65, "heightUnit": "in"}"""));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions));
        var root = json.RootElement;

        // The SDK's output schema lists every property as required, and clients (the TypeScript SDK) validate
        // structured content against it, so an absent value is an explicit null, never a missing property.
        Assert.Equal(
            ["calculatorId", "calculatorName", "results", "interpretation", "scoreItems", "inputsUsed", "notes", "source"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("scoreItems").ValueKind);
        var bmi = root.GetProperty("results")[0];
        Assert.Equal(24.96, bmi.GetProperty("value").GetDouble());
        Assert.Equal("kg/m²", bmi.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, bmi.GetProperty("interpretation").ValueKind);
        var weight = root.GetProperty("inputsUsed")[0];
        Assert.Equal("weight", weight.GetProperty("name").GetString());
        Assert.Equal(68.0389, weight.GetProperty("value").GetDouble());
        Assert.Equal("kg", weight.GetProperty("unit").GetString());
        Assert.Equal("150 lb", weight.GetProperty("convertedFrom").GetString());
        Assert.False(weight.GetProperty("defaulted").GetBoolean());
    }

    [Fact]
    public void InfoResult_SerializesDefaultsAsJsonValues()
    {
        var info = _tools.GetInfo("bmi");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(info, McpJsonUtilities.DefaultOptions));
        var weightUnit = json.RootElement.GetProperty("inputs")[1];

        Assert.Equal("weightUnit", weightUnit.GetProperty("name").GetString());
        Assert.Equal("kg", weightUnit.GetProperty("default").GetString());
        Assert.False(weightUnit.GetProperty("required").GetBoolean());
        Assert.Equal(JsonValueKind.Null, weightUnit.GetProperty("ranges").ValueKind);
    }

    private static MethodInfo Method(string name) =>
        typeof(ClinicalCalculatorTools).GetMethod(name, BindingFlags.Public | BindingFlags.Instance)!;
}
