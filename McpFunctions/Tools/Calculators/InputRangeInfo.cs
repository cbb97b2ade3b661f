namespace McpFunctions.Tools.Calculators;

/// <summary>The accepted range of a numeric input in one unit (inclusive).</summary>
internal sealed record InputRangeInfo(string Unit, double Minimum, double Maximum);
