namespace McpFunctions.Tools.Calculators;

/// <summary>The three shapes of value a calculator input accepts.</summary>
internal enum CalculatorInputKind
{
    Number,
    Boolean,
    Choice,
}
