using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpFunctions.Tools.Calculators;

/// <summary>
/// An input as the formula used it: after unit conversion to the canonical unit, or the default applied
/// when the caller left an optional input out. Echoed so the caller can see exactly what was computed.
/// </summary>
/// <param name="Value">A JSON number, boolean or string.</param>
/// <param name="ConvertedFrom">The value and unit the caller gave, when it was converted (e.g. <c>88.4 µmol/L</c>).</param>
/// <param name="Defaulted">True when the caller omitted the input and its default was used.</param>
internal sealed record InputUsed(
    string Name,
    JsonElement Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ConvertedFrom,
    bool Defaulted);
