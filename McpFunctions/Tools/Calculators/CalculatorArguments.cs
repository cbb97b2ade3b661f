using System.Globalization;
using System.Text.Json;

namespace McpFunctions.Tools.Calculators;

/// <summary>
/// The caller's inputs checked against a <see cref="CalculatorDefinition"/>: every name known, every
/// required input present, every value of the right type, every choice allowed, every number inside the
/// range for its unit. Numbers are handed to the formula in the input's canonical unit. Anything wrong
/// throws <see cref="CalculatorInputException"/> with a message naming the input.
/// </summary>
internal sealed class CalculatorArguments
{
    // Echoing a whole oversized value back in an error message helps nobody.
    private const int MaxEchoedLength = 40;

    private readonly Dictionary<string, double> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _choices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _suppliedChoices = new(StringComparer.Ordinal);
    private readonly List<InputUsed> _used = [];

    private CalculatorArguments(CalculatorDefinition definition)
    {
        Definition = definition;
    }

    public CalculatorDefinition Definition { get; }

    /// <summary>The inputs as used, in the definition's order; unit selectors are folded into their numbers.</summary>
    public IReadOnlyList<InputUsed> Used => _used;

    public static CalculatorArguments Bind(CalculatorDefinition definition, IReadOnlyDictionary<string, JsonElement>? inputs)
    {
        ArgumentNullException.ThrowIfNull(definition);

        var supplied = MatchNames(definition, inputs ?? new Dictionary<string, JsonElement>());
        var arguments = new CalculatorArguments(definition);

        // One pass in definition order, so the first problem reported is the first input a reader of
        // mcp_get_info would check. A number's unit selector is bound just before the number, because the
        // range to check depends on it.
        foreach (var input in definition.Inputs)
        {
            switch (input.Kind)
            {
                case CalculatorInputKind.Number:
                    if (input.UnitInput is not null)
                    {
                        arguments.BindChoice(definition.FindInput(input.UnitInput)!, supplied);
                    }

                    arguments.BindNumber(input, supplied);
                    break;
                case CalculatorInputKind.Boolean:
                    arguments.BindFlag(input, supplied);
                    break;
                case CalculatorInputKind.Choice:
                    arguments.BindChoice(input, supplied);
                    arguments.RecordChoice(input);
                    break;
            }
        }

        return arguments;
    }

    /// <summary>A required number, in the input's canonical unit.</summary>
    public double GetNumber(string name) =>
        _numbers.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"Number input '{name}' was not bound; is it required in the definition?");

    /// <summary>An optional number in the input's canonical unit, or null when the caller left it out.</summary>
    public double? GetOptionalNumber(string name)
    {
        EnsureDeclared(name, CalculatorInputKind.Number);
        return _numbers.TryGetValue(name, out var value) ? value : null;
    }

    public bool GetFlag(string name)
    {
        EnsureDeclared(name, CalculatorInputKind.Boolean);
        return _flags[name];
    }

    public string GetChoice(string name)
    {
        EnsureDeclared(name, CalculatorInputKind.Choice);
        return _choices[name];
    }

    private static Dictionary<string, JsonElement> MatchNames(
        CalculatorDefinition definition, IReadOnlyDictionary<string, JsonElement> inputs)
    {
        // Names match case-insensitively because model-driven clients drift between "heartRate" and
        // "HeartRate"; an unknown name is refused rather than ignored so a typo cannot silently drop a
        // risk factor from a score.
        var matched = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in inputs)
        {
            var input = definition.FindInput(name)
                ?? throw new CalculatorInputException(
                    $"Unknown input '{Truncate(name)}' for calculator '{definition.Id}'. " +
                    $"Expected inputs: {string.Join(", ", definition.Inputs.Select(i => i.Name))}.");

            if (!matched.TryAdd(input.Name, value))
            {
                throw new CalculatorInputException($"Input '{input.Name}' was given more than once.");
            }
        }

        return matched;
    }

    private static bool TryGetSupplied(Dictionary<string, JsonElement> supplied, CalculatorInput input, out JsonElement value)
    {
        if (supplied.TryGetValue(input.Name, out value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return true;
        }

        if (input.Required)
        {
            throw new CalculatorInputException($"Input '{input.Name}' is required: {Expectation(input)}.");
        }

        return false;
    }

    private void BindChoice(CalculatorInput input, Dictionary<string, JsonElement> supplied)
    {
        if (_choices.ContainsKey(input.Name))
        {
            return;
        }

        if (!TryGetSupplied(supplied, input, out var element))
        {
            _choices[input.Name] = input.DefaultValue!;
            return;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim() : null;
        var match = text is null
            ? null
            : input.AllowedValues.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase))
              ?? input.Aliases.GetValueOrDefault(text);

        _choices[input.Name] = match
            ?? throw new CalculatorInputException($"Input '{input.Name}' must be {Expectation(input)} (got {Echo(element)}).");
        _suppliedChoices.Add(input.Name);
    }

    private void RecordChoice(CalculatorInput input)
    {
        // A unit selector is reported through the number it qualifies, after conversion.
        if (Definition.Inputs.Any(i => i.UnitInput == input.Name))
        {
            return;
        }

        var value = _choices[input.Name];
        _used.Add(new InputUsed(input.Name, JsonValues.String(value), null, null, Defaulted: !_suppliedChoices.Contains(input.Name)));
    }

    private void BindFlag(CalculatorInput input, Dictionary<string, JsonElement> supplied)
    {
        if (!TryGetSupplied(supplied, input, out var element))
        {
            _flags[input.Name] = false;
            _used.Add(new InputUsed(input.Name, JsonValues.Boolean(false), null, null, Defaulted: true));
            return;
        }

        bool? value = element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Some clients stringify every argument; accept the two unambiguous spellings only.
            JsonValueKind.String when bool.TryParse(element.GetString()!.Trim(), out var parsed) => parsed,
            _ => null,
        };

        _flags[input.Name] = value
            ?? throw new CalculatorInputException($"Input '{input.Name}' must be true or false (got {Echo(element)}).");
        _used.Add(new InputUsed(input.Name, JsonValues.Boolean(value.Value), null, null, Defaulted: false));
    }

    private void BindNumber(CalculatorInput input, Dictionary<string, JsonElement> supplied)
    {
        if (!TryGetSupplied(supplied, input, out var element))
        {
            return;
        }

        var range = input.UnitInput is null
            ? input.CanonicalRange
            : input.Ranges.First(r => r.Unit == _choices[input.UnitInput]);

        if (!TryReadNumber(element, out var value))
        {
            throw new CalculatorInputException($"Input '{input.Name}' must be a number in {range.Unit} (got {Echo(element)}).");
        }

        if (!range.Contains(value))
        {
            throw new CalculatorInputException(
                $"Input '{input.Name}' must be between {InvariantNumber.Format(range.Minimum)} and " +
                $"{InvariantNumber.Format(range.Maximum)} {range.Unit} (got {InvariantNumber.Format(value)}).");
        }

        var canonical = value * range.ToCanonicalFactor;
        _numbers[input.Name] = canonical;

        var converted = range.ToCanonicalFactor == 1.0 ? null : $"{InvariantNumber.Format(value)} {range.Unit}";
        _used.Add(new InputUsed(
            input.Name,
            JsonValues.Number(ResultValue.Round(canonical, 4)),
            input.CanonicalRange.Unit,
            converted,
            Defaulted: false));
    }

    private static bool TryReadNumber(JsonElement element, out double value)
    {
        value = 0;
        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value),
            // Model-driven clients sometimes quote numbers ("72"); accept plain invariant decimals only.
            JsonValueKind.String => double.TryParse(
                element.GetString(), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
                    | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return ok && double.IsFinite(value);
    }

    private static string Expectation(CalculatorInput input) => input.Kind switch
    {
        CalculatorInputKind.Number => string.Join(
            " or ",
            input.Ranges.Select(r => $"a number from {InvariantNumber.Format(r.Minimum)} to {InvariantNumber.Format(r.Maximum)} {r.Unit}")),
        CalculatorInputKind.Boolean => "true or false",
        _ => $"one of: {string.Join(", ", input.AllowedValues)}",
    };

    private static string Echo(JsonElement element) => Truncate(element.GetRawText());

    private static string Truncate(string text) =>
        text.Length <= MaxEchoedLength ? text : string.Concat(text.AsSpan(0, MaxEchoedLength), "…");

    private void EnsureDeclared(string name, CalculatorInputKind kind)
    {
        var input = Definition.FindInput(name);
        if (input is null || input.Kind != kind || !string.Equals(input.Name, name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Calculator '{Definition.Id}' declares no {kind} input named '{name}'.");
        }
    }
}
