using System.Text.Json;
using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools.Calculators;

/// <summary>Binds raw JSON inputs the way mcp_execute does and runs one calculator.</summary>
internal static class CalculatorRunner
{
    public static Dictionary<string, JsonElement> Inputs(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    public static (CalculationResult Result, CalculatorArguments Arguments) Run(IClinicalCalculator calculator, string json)
    {
        var arguments = CalculatorArguments.Bind(calculator.Definition, Inputs(json));
        return (calculator.Calculate(arguments), arguments);
    }

    public static string Fails(IClinicalCalculator calculator, string json) =>
        Assert.Throws<CalculatorInputException>(() => Run(calculator, json)).Message;

    public static ResultValue Value(this CalculationResult result, string name) =>
        result.Values.Single(v => v.Name == name);

    public static ScoreItem Item(this CalculationResult result, string name) =>
        result.ScoreItems!.Single(i => i.Name == name);

    public static InputUsed Used(this CalculatorArguments arguments, string name) =>
        arguments.Used.Single(u => u.Name == name);
}
