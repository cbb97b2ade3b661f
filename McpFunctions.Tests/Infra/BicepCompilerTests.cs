using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Infra;

/// <summary>
/// Every infra file compiled and linted by the real Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64, restored by
/// the test project), with linter warnings as errors. entra-app.bicep uses the Microsoft Graph extension, whose types
/// come from a registry these machines cannot reach: its own diagnostics (and main.bicep's "module has errors" at
/// its declaration) are the only ones tolerated, and <see cref="BicepSyntaxCheckTests"/> parses it instead.
/// </summary>
public sealed partial class BicepCompilerTests
{
    public const string OfflineUnresolvableModule = "infra/modules/entra-app.bicep";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static TheoryData<string> InfraFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.InRoot("infra"), "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
            if (relative != OfflineUnresolvableModule)
            {
                data.Add(relative);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InfraFiles))]
    public async Task Lint_ReportsNoErrorOrWarning(string file)
    {
        // Act
        var (exitCode, output) = await RunBicepAsync("lint", RepositoryPaths.InRoot(file));

        // Assert
        var problems = Diagnostics(output).Where(d => !IsOfflineOnly(d, file)).ToList();
        Assert.True(problems.Count == 0, $"bicep lint {file} (exit {exitCode}):\n{string.Join('\n', problems.Select(p => p.Line))}\n{output}");
    }

    [Fact]
    public async Task Build_CompilesEveryModuleOfMain_ToAnArmTemplate()
    {
        // Arrange
        var folder = Directory.CreateTempSubdirectory("bicep-build-");
        try
        {
            // Act
            var (_, output) = await RunBicepAsync("build", RepositoryPaths.InRoot("infra", "main.bicep"), "--outdir", folder.FullName);

            // Assert: every diagnostic is the Graph extension's; nothing else in the template fails to compile.
            var problems = Diagnostics(output).Where(d => !IsOfflineOnly(d, "infra/main.bicep")).ToList();
            Assert.True(problems.Count == 0, string.Join('\n', problems.Select(p => p.Line)) + "\n" + output);
            Assert.Contains(Diagnostics(output), d => d.File.EndsWith("entra-app.bicep", StringComparison.Ordinal) && d.Code == "BCP192");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Lint_FailsOnAnUnusedParameter_SoWarningsCount()
    {
        // Arrange: a file the linter must warn about (no-unused-params) and that compiles.
        var folder = Directory.CreateTempSubdirectory("bicep-lint-");
        try
        {
            var file = Path.Combine(folder.FullName, "unused.bicep");
            await File.WriteAllTextAsync(file, "param unused string\noutput answer int = 42\n");

            // Act
            var (_, output) = await RunBicepAsync("lint", file);

            // Assert
            var diagnostic = Assert.Single(Diagnostics(output));
            Assert.Equal("Warning", diagnostic.Level);
            Assert.Equal("no-unused-params", diagnostic.Code);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool IsOfflineOnly(Diagnostic diagnostic, string linted) =>
        diagnostic.File.EndsWith("entra-app.bicep", StringComparison.Ordinal)
        || (linted == "infra/main.bicep" && diagnostic.Code == "BCP104" && MainDeclaresEntraModuleAt(diagnostic.LineNumber));

    // BCP104 ("the referenced module has errors") is tolerated only on the line that declares the Entra module.
    private static bool MainDeclaresEntraModuleAt(int line)
    {
        var lines = File.ReadAllLines(RepositoryPaths.InRoot("infra", "main.bicep"));
        return line >= 1 && line <= lines.Length && lines[line - 1].Contains("'modules/entra-app.bicep'", StringComparison.Ordinal);
    }

    private static IEnumerable<Diagnostic> Diagnostics(string output) =>
        DiagnosticRegex().Matches(output).Select(m => new Diagnostic(
            m.Value.Trim(),
            m.Groups["file"].Value.Trim(),
            int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["level"].Value,
            m.Groups["code"].Value));

    private static async Task<(int ExitCode, string Output)> RunBicepAsync(params string[] arguments)
    {
        var bicep = typeof(BicepCompilerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
        Assert.True(File.Exists(bicep), $"The Bicep CLI is not at {bicep}: restore the test project (dotnet restore McpFunctions.Tests) to download Azure.Bicep.CommandLine.linux-x64.");
        var startInfo = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // No telemetry, and no version check against the internet.
        startInfo.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Deadline.TotalSeconds:F0} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^(?<file>[^\r\n(]+)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[A-Za-z0-9-]+): [^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex DiagnosticRegex();

    private sealed record Diagnostic(string Line, string File, int LineNumber, string Level, string Code);
}
