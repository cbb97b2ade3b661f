using System.Text;

namespace McpFunctions.Tests.Conformance;

/// <summary>Judges runs against the baseline and renders the scenario × revision table.</summary>
internal static class ConformanceReport
{
    /// <summary>Everything that fails the test: run errors, unexpected failures, baseline entries that pass or never ran.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<ConformanceRunResult> runs, ConformanceBaseline baseline)
    {
        var problems = new List<string>();
        foreach (var run in runs)
        {
            problems.AddRange(run.RunErrors);
            foreach (var scenario in run.Scenarios)
            {
                var expected = baseline.TryGetReason(run.Version, scenario.Scenario, out _);
                if (!scenario.Passed && !expected)
                {
                    problems.Add($"{run.Version} / {scenario.Scenario}: {Describe(scenario.Status)}: {string.Join(" | ", scenario.Failures)}");
                }
                else if (scenario.Passed && expected)
                {
                    problems.Add($"{run.Version} / {scenario.Scenario}: passes but is listed in expected-failures.json; remove the entry.");
                }
            }
        }

        foreach (var (version, scenarios) in baseline.ExpectedFailures)
        {
            var run = runs.FirstOrDefault(r => r.Version == version);
            foreach (var scenario in scenarios.Keys)
            {
                if (run is null || run.Find(scenario) is null)
                {
                    problems.Add($"{version} / {scenario}: listed in expected-failures.json but did not run at that revision; remove the entry.");
                }
            }
        }

        return problems;
    }

    public static string ToMarkdown(IReadOnlyList<ConformanceRunResult> runs, ConformanceBaseline baseline)
    {
        var markdown = new StringBuilder();
        var scenarios = runs.SelectMany(r => r.Scenarios.Select(s => s.Scenario)).Distinct(StringComparer.Ordinal).ToList();
        markdown.Append("| scenario |");
        foreach (var run in runs)
        {
            markdown.Append(' ').Append(run.Version).Append(" |");
        }

        markdown.AppendLine().Append("|---|").AppendLine(string.Concat(runs.Select(_ => "---|")));
        foreach (var scenario in scenarios)
        {
            markdown.Append("| ").Append(scenario).Append(" |");
            foreach (var run in runs)
            {
                markdown.Append(' ').Append(Cell(run, scenario, baseline)).Append(" |");
            }

            markdown.AppendLine();
        }

        markdown.AppendLine();
        foreach (var run in runs)
        {
            var passed = run.Scenarios.Count(s => s.Passed);
            markdown.AppendLine($"{run.Version}: {passed} of {run.Scenarios.Count} scenarios pass (results in {run.OutputDirectory}).");
        }

        markdown.AppendLine().AppendLine("Failures:");
        foreach (var run in runs)
        {
            foreach (var error in run.RunErrors)
            {
                markdown.AppendLine($"- {error}");
            }

            foreach (var scenario in run.Scenarios.Where(s => !s.Passed))
            {
                var label = baseline.TryGetReason(run.Version, scenario.Scenario, out var reason) ? $"expected: {reason}" : "UNEXPECTED";
                markdown.AppendLine($"- {run.Version} / {scenario.Scenario} ({label}): {Describe(scenario.Status)}: {string.Join(" | ", scenario.Failures)}");
            }
        }

        return markdown.ToString();
    }

    private static string Cell(ConformanceRunResult run, string scenario, ConformanceBaseline baseline)
    {
        var result = run.Find(scenario);
        if (result is null)
        {
            return "–";
        }

        var expected = baseline.TryGetReason(run.Version, scenario, out _);
        return (result.Passed, expected) switch
        {
            (true, false) => "pass",
            (true, true) => "**unexpected pass**",
            (false, true) => $"expected ({Describe(result.Status)})",
            (false, false) => $"**{Describe(result.Status).ToUpperInvariant()}**",
        };
    }

    private static string Describe(ConformanceScenarioStatus status) => status switch
    {
        ConformanceScenarioStatus.Passed => "pass",
        ConformanceScenarioStatus.Failed => "fail",
        ConformanceScenarioStatus.NoChecks => "no checks",
        _ => "no result",
    };
}
