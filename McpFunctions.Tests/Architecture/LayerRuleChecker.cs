using System.Reflection;
using NetArchTest.Rules;

namespace McpFunctions.Tests.Architecture;

/// <summary>
/// Reads an assembly's type references (NetArchTest over Mono.Cecil) and lists every reference a floor table forbids:
/// a folder using a sibling, a folder above it, or the composition root.
/// </summary>
internal static class LayerRuleChecker
{
    /// <summary>One forbidden reference: the type that makes it and the folder it reaches.</summary>
    public sealed record Violation(string Folder, string Type, string ReachedFolder)
    {
        public override string ToString() => $"{Folder} → {ReachedFolder}: {Type}";
    }

    public static IReadOnlyList<Violation> Check(Assembly assembly, string rootNamespace, IReadOnlyList<IReadOnlyList<string>> topDown)
    {
        var rootTypes = assembly.GetTypes()
            .Where(type => type.Namespace == rootNamespace && !type.IsNested && !IsCompilerGenerated(type.Name))
            .Select(type => type.FullName!)
            .ToArray();

        var violations = new List<Violation>();
        for (var floor = 0; floor < topDown.Count; floor++)
        {
            foreach (var folder in topDown[floor])
            {
                var notBelow = topDown.Take(floor + 1).SelectMany(row => row).Where(other => other != folder).ToArray();
                foreach (var reached in notBelow)
                {
                    violations.AddRange(FailingTypes(assembly, rootNamespace, folder, [Prefix(rootNamespace, reached)])
                        .Select(type => new Violation(folder, type, reached)));
                }

                if (rootTypes.Length > 0)
                {
                    violations.AddRange(FailingTypes(assembly, rootNamespace, folder, rootTypes)
                        .Select(type => new Violation(folder, type, "(root)")));
                }
            }
        }

        return violations;
    }

    /// <summary>The first namespace segments below the root that the floor table does not place.</summary>
    public static IReadOnlyList<string> UnplacedFolders(Assembly assembly, string rootNamespace, IReadOnlyList<IReadOnlyList<string>> topDown)
    {
        var placed = topDown.SelectMany(row => row).ToHashSet(StringComparer.Ordinal);
        return assembly.GetTypes()
            .Select(type => type.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal))
            .Select(ns => ns[(rootNamespace.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Where(folder => !placed.Contains(folder))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static IEnumerable<string> FailingTypes(Assembly assembly, string rootNamespace, string folder, string[] forbidden)
    {
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace(Prefix(rootNamespace, folder).TrimEnd('.'))
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();
        // ResideInNamespace matches by prefix; keep only the folder's own types (not "McpFunctions.McpFunctionsExtensions").
        return result.IsSuccessful
            ? []
            : result.FailingTypes.Select(type => type.FullName)
                .Where(name => name.StartsWith(Prefix(rootNamespace, folder) + ".", StringComparison.Ordinal) && !IsCompilerGenerated(name));
    }

    private static string Prefix(string rootNamespace, string folder) => $"{rootNamespace}.{folder}";

    private static bool IsCompilerGenerated(string fullName) => fullName.Contains('<', StringComparison.Ordinal);
}
