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

    /// <summary>The differences Mcp:ProtocolVersionHeaders=Tolerant makes to the Strict baseline (<see cref="WithTolerantOverlay"/>).</summary>
    public static string TolerantOverlayPath => RepositoryPaths.InRoot("McpFunctions.Tests", "Conformance", "expected-failures.tolerant.json");

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

    /// <summary>
    /// This (Strict) baseline with the Tolerant overlay applied: <c>fixedByTolerance</c> entries removed (each must be in
    /// this baseline), <c>expectedFailures</c> added — and those may only be header-mismatch checks, so each reason must
    /// name <c>MCP-Protocol-Version</c>. Tolerance must not hide any other failure.
    /// </summary>
    public ConformanceBaseline WithTolerantOverlay(string overlayJson)
    {
        var overlay = Parse(overlayJson);
        var merged = ExpectedFailures.ToDictionary(v => v.Key, v => new Dictionary<string, string>(v.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(overlayJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }))
        {
            if (document.RootElement.TryGetProperty("fixedByTolerance", out var fixedBy))
            {
                foreach (var version in fixedBy.EnumerateObject())
                {
                    foreach (var scenario in version.Value.EnumerateObject())
                    {
                        if (!merged.TryGetValue(version.Name, out var scenarios) || !scenarios.Remove(scenario.Name))
                        {
                            throw new InvalidOperationException($"expected-failures.tolerant.json: fixedByTolerance {version.Name} / {scenario.Name} is not in expected-failures.json.");
                        }
                    }
                }
            }
        }

        foreach (var (version, scenarios) in overlay.ExpectedFailures)
        {
            foreach (var (scenario, reason) in scenarios)
            {
                if (!reason.Contains("MCP-Protocol-Version", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"expected-failures.tolerant.json: {version} / {scenario} may be listed only as a header-mismatch check; its reason must name MCP-Protocol-Version.");
                }

                if (!merged.TryGetValue(version, out var target))
                {
                    merged[version] = target = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                target[scenario] = reason;
            }
        }

        return new ConformanceBaseline(merged.ToDictionary(v => v.Key, v => (IReadOnlyDictionary<string, string>)v.Value, StringComparer.Ordinal));
    }

    public bool TryGetReason(string version, string scenario, out string reason)
    {
        reason = string.Empty;
        return ExpectedFailures.TryGetValue(version, out var scenarios) && scenarios.TryGetValue(scenario, out reason!);
    }
}
