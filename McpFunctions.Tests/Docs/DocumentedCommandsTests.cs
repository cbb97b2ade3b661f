using System.Text.RegularExpressions;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Docs;

/// <summary>
/// The commands in README.md and docs/*.md work as written: <c>e2e/docs-check.mjs</c> reads every block marked
/// <c>&lt;!-- docs-check: … --&gt;</c>, starts servers and waits for them (bounded), runs the client commands from the
/// repository root — the Inspector ones that need Node 22.19+ with the Node 22 binary <c>npm ci</c> installs — and stops
/// everything. Also: wherever Azurite is started, in docs, tests and the benchmark, it is told not to send telemetry.
/// </summary>
public sealed partial class DocumentedCommandsTests
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(9);

    public static TheoryData<string> DocumentFiles()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(RepositoryPaths.InRoot("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        }

        return data;
    }

    [Fact]
    public async Task MarkedCommands_InReadmeAndDocs_RunAsWritten()
    {
        // Act
        var run = await NodeProcess.RunAsync(RepositoryPaths.InRoot("e2e", "docs-check.mjs"), [], CheckTimeout, workingDirectory: RepositoryPaths.Root);

        // Assert: the run command, the NoAuth curl session, Azurite, the local token and both Inspector CLIs.
        Assert.True(run.ExitCode == 0, run.Describe());
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PASS README.md:", StringComparison.Ordinal) && l.Contains(" server — http://127.0.0.1:7071/ answered", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PASS docs/connect-clients.md:", StringComparison.Ordinal) && l.EndsWith(" run", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("docs/connect-clients.md:", StringComparison.Ordinal) && l.Contains(" run (node22)", StringComparison.Ordinal));
        var summary = Summary().Match(run.StandardOutput);
        Assert.True(summary.Success, run.Describe());
        Assert.True(int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(summary.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) >= 6, run.Describe());
        Assert.Equal("0", summary.Groups[2].Value);
    }

    [Theory]
    [MemberData(nameof(DocumentFiles))]
    public void EveryDocsCheckMarker_IsFollowedByABashBlock(string file)
    {
        var lines = File.ReadAllLines(RepositoryPaths.InRoot(file));
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("<!-- docs-check:", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.Matches(@"^<!-- docs-check: (server https?://\S+|run)( node22)?( expect=""[^""]*"")? -->$", lines[i].Trim());
            var next = lines.Skip(i + 1).First(l => l.Trim().Length > 0);
            Assert.True(next.Trim() == "```bash", $"{file}:{i + 1}: a docs-check marker must be followed by a ```bash block");
        }
    }

    [Fact]
    public void Azurite_IsStartedWithDisableTelemetry_Everywhere()
    {
        // Every command line in the docs that starts Azurite, and every file in the tests and the benchmark that spawns it.
        var documents = Directory.GetFiles(RepositoryPaths.InRoot("docs"), "*.md").Append(RepositoryPaths.InRoot("README.md")).Select(f => Path.GetRelativePath(RepositoryPaths.Root, f));
        var starts = 0;
        foreach (var file in documents)
        {
            foreach (var line in File.ReadAllLines(RepositoryPaths.InRoot(file)).Where(l => AzuriteCommand().IsMatch(l)))
            {
                starts++;
                Assert.True(line.Contains("--disableTelemetry", StringComparison.Ordinal), $"{file}: {line.Trim()}");
            }
        }

        foreach (var file in new[] { Path.Combine("McpFunctions.Tests", "TestSupport", "AzuriteFixture.cs"), Path.Combine("bench", "storage.mjs") })
        {
            starts++;
            Assert.Contains("\"--disableTelemetry\"", File.ReadAllText(RepositoryPaths.InRoot(file)), StringComparison.Ordinal);
        }

        Assert.True(starts >= 4, $"only {starts} Azurite starts found");
    }

    [GeneratedRegex(@"^(\d+) passed, (\d+) failed, (\d+) skipped$", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"(npx\s+azurite(-table)?\s|\bazurite-table\s+--)")]
    private static partial Regex AzuriteCommand();
}
