namespace McpFunctions.Tools.Calculators;

/// <summary>
/// A calculator: its definition and the formula. <see cref="Calculate"/> receives arguments already
/// checked against <see cref="CalculatorDefinition.Inputs"/> (types, allowed values, ranges, units) and
/// throws <see cref="CalculatorInputException"/> only for rules that span several inputs.
/// </summary>
internal interface IClinicalCalculator
{
    CalculatorDefinition Definition { get; }

    CalculationResult Calculate(CalculatorArguments arguments);
}
