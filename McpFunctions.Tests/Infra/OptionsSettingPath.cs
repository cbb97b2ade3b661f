using System.Collections;
using System.Reflection;

namespace McpFunctions.Tests.Infra;

/// <summary>
/// Whether an app setting such as <c>Facade__Upstream__Scopes__0</c> binds to a property of the app's options
/// classes (<c>FacadeOptions.Upstream.Scopes[0]</c>), found by reflection the way the configuration binder
/// walks them: the first segment is an options class's <c>SectionName</c>, then property names
/// (case-insensitive), list indexes, and a scalar at the end. A misspelt setting would be ignored by the app
/// without a word; this catches it.
/// </summary>
internal static class OptionsSettingPath
{
    private static readonly Lazy<Dictionary<string, Type>> Sections = new(FindSections);

    public static IReadOnlyCollection<string> KnownSections => Sections.Value.Keys;

    /// <returns>null when the setting binds; otherwise why not.</returns>
    public static string? Explain(string setting)
    {
        var segments = setting.Split("__");

        // The longest section that prefixes the setting: "Facade__Storage__X" belongs to "Facade:Storage", not "Facade".
        var section = Sections.Value
            .Select(pair => (Segments: pair.Key.Split(':'), Type: pair.Value))
            .Where(pair => pair.Segments.Length < segments.Length
                && pair.Segments.Select((part, index) => string.Equals(part, segments[index], StringComparison.OrdinalIgnoreCase)).All(match => match))
            .OrderByDescending(pair => pair.Segments.Length)
            .FirstOrDefault();
        if (section.Type is null)
        {
            return $"{setting}: no options class has SectionName '{segments[0]}'";
        }

        var type = section.Type;
        for (var i = section.Segments.Length; i < segments.Length; i++)
        {
            if (IsScalar(type))
            {
                return $"{setting}: '{segments[i - 1]}' is a {type.Name}, it has no '{segments[i]}'";
            }

            if (ElementType(type) is { } element)
            {
                if (!int.TryParse(segments[i], out _))
                {
                    return $"{setting}: '{segments[i - 1]}' is a list; '{segments[i]}' is not an index";
                }

                type = element;
                continue;
            }

            var property = type.GetProperty(segments[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return $"{setting}: {type.Name} has no settable property '{segments[i]}'";
            }

            type = property.PropertyType;
        }

        return IsScalar(type) ? null : $"{setting}: ends at {type.Name}, not at a value";
    }

    /// <summary>
    /// The default of every string option named <c>...TableName</c>, with its setting (e.g. <c>Sessions:TableName</c>):
    /// the tables the app uses when nothing is configured.
    /// </summary>
    public static IReadOnlyList<(string Setting, string Value)> DefaultTableNames() =>
        Sections.Value
            .Where(pair => pair.Value.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(pair =>
            {
                var instance = Activator.CreateInstance(pair.Value)!;
                return pair.Value.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(property => property.PropertyType == typeof(string) && property.Name.EndsWith("TableName", StringComparison.Ordinal))
                    .Select(property => ($"{pair.Key}:{property.Name}", (string?)property.GetValue(instance)))
                    .Where(table => !string.IsNullOrEmpty(table.Item2))
                    .Select(table => (table.Item1, table.Item2!));
            })
            .ToList();

    private static Dictionary<string, Type> FindSections() =>
        typeof(McpFunctions.ResourceServer.AuthOptions).Assembly.GetTypes()
            .Select(type => (type, field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(pair => pair.field is { IsLiteral: true } && pair.type.Name.EndsWith("Options", StringComparison.Ordinal))
            .ToDictionary(pair => (string)pair.field!.GetRawConstantValue()!, pair => pair.type, StringComparer.OrdinalIgnoreCase);

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum
            || underlying == typeof(string) || underlying == typeof(TimeSpan) || underlying == typeof(Uri) || underlying == typeof(decimal);
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.GetInterfaces().Append(type)
            .FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];
    }
}
