using System.Text.Json;
using System.Text.RegularExpressions;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// Runs the conformance CLI's <c>server</c> command against a URL and reads what it left: the scenarios it
/// announced on stdout and each scenario's <c>checks.json</c> under the output folder.
/// </summary>
internal static partial class ConformanceRunner
{
    /// <summary>A whole run (30 to 50 scenarios) takes well under a minute against a healthy server.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    public static async Task<ConformanceRunResult> RunAsync(ConformanceRun run, Uri serverUrl, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(serverUrl);
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        Directory.CreateDirectory(outputDirectory);
        var runErrors = new List<string>();
        string stdout;
        try
        {
            var result = await NodeProcess.RunAsync(run.CliScript, run.Arguments(serverUrl, outputDirectory), RunTimeout, environment: ShimEnvironment());
            stdout = result.StandardOutput;

            // The CLI exits 0 when everything passed and 1 when a scenario failed; anything else is a crash.
            if (result.ExitCode is not (0 or 1))
            {
                runErrors.Add($"{run.Version}: the conformance CLI crashed: {result.Describe()}");
            }
        }
        catch (TimeoutException ex)
        {
            runErrors.Add($"{run.Version}: {ex.Message}");
            stdout = ex.Message;
        }

        var scenarios = Collect(AnnouncedScenarios(stdout), ReadChecks(outputDirectory));
        if (scenarios.Count == 0)
        {
            runErrors.Add($"{run.Version}: the conformance CLI ran no scenario.\n{stdout}");
        }

        return new ConformanceRunResult(run.Version, scenarios, runErrors, outputDirectory);
    }

    /// <summary>Classifies one scenario's checks (the CLI's <c>ConformanceCheck[]</c>).</summary>
    public static ConformanceScenarioResult Classify(string scenario, string checksJson)
    {
        using var document = JsonDocument.Parse(checksJson);
        var failures = new List<string>();
        var successes = 0;
        foreach (var check in document.RootElement.EnumerateArray())
        {
            var status = check.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (status == "SUCCESS")
            {
                successes++;
            }
            else if (status == "FAILURE")
            {
                var id = check.TryGetProperty("id", out var i) ? i.GetString() : "?";
                var message = check.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "(no message)";
                failures.Add($"{id}: {message}");
            }
        }

        var outcome = failures.Count > 0 ? ConformanceScenarioStatus.Failed
            : successes > 0 ? ConformanceScenarioStatus.Passed
            : ConformanceScenarioStatus.NoChecks;
        return new ConformanceScenarioResult(scenario, outcome, failures);
    }

    private static List<ConformanceScenarioResult> Collect(List<string> announced, Dictionary<string, ConformanceScenarioResult> checks)
    {
        var results = new List<ConformanceScenarioResult>();
        foreach (var scenario in announced.Concat(checks.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            results.Add(checks.TryGetValue(scenario, out var result)
                ? result
                : new ConformanceScenarioResult(scenario, ConformanceScenarioStatus.NoResult, ["no checks.json was written (the scenario threw or the run was cut short; see the CLI output)"]));
        }

        return results;
    }

    private static List<string> AnnouncedScenarios(string stdout) =>
        [.. AnnouncementPattern().Matches(stdout).Select(m => m.Groups["name"].Value)];

    // runner/utils.ts createResultDir: <output>/server-<scenario>-<ISO timestamp with ':' and '.' as '-'>/checks.json
    private static Dictionary<string, ConformanceScenarioResult> ReadChecks(string outputDirectory)
    {
        var results = new Dictionary<string, ConformanceScenarioResult>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(outputDirectory))
        {
            var match = ResultDirectoryPattern().Match(Path.GetFileName(directory));
            var checksFile = Path.Combine(directory, "checks.json");
            if (match.Success && File.Exists(checksFile))
            {
                var scenario = match.Groups["name"].Value;
                results[scenario] = Classify(scenario, File.ReadAllText(checksFile));
            }
        }

        return results;
    }

    // Both releases import { globSync } from "fs", which Node 20 lacks; the shim supplies it (see the file).
    private static Dictionary<string, string> ShimEnvironment() => new()
    {
        ["NODE_OPTIONS"] = $"--import={new Uri(RepositoryPaths.InRoot("e2e", "conformance", "node20-globsync-shim.mjs")).AbsoluteUri}",
    };

    [GeneratedRegex(@"^=== Running scenario: (?<name>\S+) ===\s*$", RegexOptions.Multiline)]
    private static partial Regex AnnouncementPattern();

    [GeneratedRegex(@"^server-(?<name>.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$")]
    private static partial Regex ResultDirectoryPattern();
}
