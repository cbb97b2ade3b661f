using System.Globalization;

namespace McpFunctions.Tools.Calculators;

/// <summary>Numbers as they appear in messages and interpretations: invariant culture, no trailing zeros.</summary>
internal static class InvariantNumber
{
    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Format(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
