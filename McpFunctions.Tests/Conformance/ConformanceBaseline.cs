using System.Text.Json;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// The checked-in list of scenarios known to fail, per protocol revision, each with the reason
/// (<c>expected-failures.json</c>). An entry that starts passing is as much a test failure as a new
/// failure: the baseline only shrinks deliberately.
/// </summary>
internal sealed class ConformanceBaseline(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> expectedFailures)
{
    public static string DefaultPath => RepositoryPaths.InRoot("McpFunctions.Tests", "Conformance", "expected-failures.json");

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ExpectedFailures { get; } = expectedFailures;

    public static ConformanceBaseline Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads <c>{"expectedFailures": {"&lt;revision&gt;": {"&lt;scenario&gt;": "&lt;reason&gt;"}}}</c>; other top-level properties are notes.</summary>
    public static ConformanceBaseline Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var versions = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("expectedFailures", out var expected))
        {
            foreach (var version in expected.EnumerateObject())
            {
                var scenarios = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var scenario in version.Value.EnumerateObject())
                {
                    var reason = scenario.Value.GetString();
                    if (string.IsNullOrWhiteSpace(reason))
                    {
                        throw new InvalidOperationException($"expected-failures.json: {version.Name} / {scenario.Name} needs a reason.");
                    }

                    scenarios.Add(scenario.Name, reason);
                }

                versions.Add(version.Name, scenarios);
            }
        }

        return new ConformanceBaseline(versions);
    }

    public bool TryGetReason(string version, string scenario, out string reason)
    {
        reason = string.Empty;
        return ExpectedFailures.TryGetValue(version, out var scenarios) && scenarios.TryGetValue(scenario, out reason!);
    }
}
