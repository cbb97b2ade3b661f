namespace McpFunctions.Tools.Calculators;

/// <summary>
/// One named input of a calculator. Numeric inputs carry one <see cref="UnitRange"/> per accepted unit;
/// when there is more than one, <see cref="UnitInput"/> names the choice input that says which unit the
/// caller used. Optional booleans default to <c>false</c>; optional choices fall back to
/// <see cref="DefaultValue"/>.
/// </summary>
internal sealed record CalculatorInput
{
    private CalculatorInput(string name, CalculatorInputKind kind, string description, bool required)
    {
        Name = name;
        Kind = kind;
        Description = description;
        Required = required;
    }

    public string Name { get; }

    public CalculatorInputKind Kind { get; }

    public string Description { get; }

    public bool Required { get; }

    /// <summary>Numeric inputs only; the first entry is the canonical unit the calculator works in.</summary>
    public IReadOnlyList<UnitRange> Ranges { get; private init; } = [];

    /// <summary>Numeric inputs with several units: the choice input selecting the unit.</summary>
    public string? UnitInput { get; private init; }

    /// <summary>Choice inputs only, in the spelling the calculator expects.</summary>
    public IReadOnlyList<string> AllowedValues { get; private init; } = [];

    /// <summary>Choice inputs only: other spellings callers use, mapped to an allowed value.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; private init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Optional choice inputs only: the value used when the caller omits it.</summary>
    public string? DefaultValue { get; private init; }

    public UnitRange CanonicalRange => Ranges[0];

    public static CalculatorInput Number(string name, string description, UnitRange range, bool required = true) =>
        new(name, CalculatorInputKind.Number, description, required) { Ranges = [range] };

    public static CalculatorInput NumberWithUnits(
        string name, string description, string unitInput, IReadOnlyList<UnitRange> ranges, bool required = true)
    {
        if (ranges.Count < 2 || ranges[0].ToCanonicalFactor != 1.0)
        {
            throw new ArgumentException("Give at least two ranges, the canonical unit first with factor 1.", nameof(ranges));
        }

        return new(name, CalculatorInputKind.Number, description, required) { Ranges = ranges, UnitInput = unitInput };
    }

    public static CalculatorInput Flag(string name, string description, bool required = false) =>
        new(name, CalculatorInputKind.Boolean, description, required);

    public static CalculatorInput Choice(
        string name,
        string description,
        IReadOnlyList<string> allowedValues,
        string? defaultValue = null,
        IReadOnlyDictionary<string, string>? aliases = null)
    {
        if (defaultValue is not null && !allowedValues.Contains(defaultValue, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Default '{defaultValue}' is not an allowed value.", nameof(defaultValue));
        }

        return new(name, CalculatorInputKind.Choice, description, required: defaultValue is null)
        {
            AllowedValues = allowedValues,
            DefaultValue = defaultValue,
            Aliases = aliases is null
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(aliases, StringComparer.OrdinalIgnoreCase),
        };
    }
}
