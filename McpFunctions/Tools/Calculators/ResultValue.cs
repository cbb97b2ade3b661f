using System.Text.Json.Serialization;

namespace McpFunctions.Tools.Calculators;

/// <summary>One number a calculator reports, already rounded to the precision it is quoted at.</summary>
/// <param name="Name">Stable camelCase key, e.g. <c>egfr</c> or <c>qtcBazett</c>.</param>
/// <param name="Interpretation">Set when the value has its own reading (e.g. each QTc formula).</param>
internal sealed record ResultValue(
    string Name,
    string Label,
    double Value,
    string Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Interpretation = null)
{
    /// <summary>
    /// Rounds half away from zero, the way results are quoted on paper (banker's rounding would report an
    /// eGFR of 60.5 as 60 and move it across a staging boundary).
    /// </summary>
    public static ResultValue Rounded(
        string name, string label, double value, int decimals, string unit, string? interpretation = null) =>
        new(name, label, Round(value, decimals), unit, interpretation);

    public static double Round(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
