namespace McpFunctions.Tools.Calculators;

/// <summary>
/// The plausible range of a numeric input in one unit, and the factor that converts a value in that unit
/// to the input's canonical unit (the first range listed). Ranges are declared per unit, rather than
/// converted, so that an error message can quote round numbers in the unit the caller used.
/// </summary>
internal sealed record UnitRange(string Unit, double Minimum, double Maximum, double ToCanonicalFactor = 1.0)
{
    public bool Contains(double value) => value >= Minimum && value <= Maximum;
}
