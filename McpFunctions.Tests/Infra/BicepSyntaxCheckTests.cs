using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Infra;

/// <summary>
/// The Bicep syntax check (tools/bicep-check, tree-sitter-bicep from npm), kept for what the real compiler cannot
/// check offline (<see cref="BicepCompilerTests"/>): entra-app.bicep, whose Microsoft Graph extension types come
/// from a registry these machines cannot reach.
/// </summary>
public sealed class BicepSyntaxCheckTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string Script => RepositoryPaths.InRoot("tools", "bicep-check", "check.mjs");

    [Fact]
    public async Task Check_ParsesTheEntraRegistrationModule_WithoutErrors()
    {
        // Arrange
        RepositoryPaths.RequireNodePackage("tree-sitter-bicep");

        // Act
        var result = await NodeProcess.RunAsync(Script, [RepositoryPaths.InRoot(BicepCompilerTests.OfflineUnresolvableModule)], Deadline);

        // Assert
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("bicep-check: 1 of 1 files parse without errors", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok    infra/modules/entra-app.bicep", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FailsWithFileAndLine_OnASyntaxError()
    {
        // Arrange: a missing value on line 3 and an extension statement that is not one.
        RepositoryPaths.RequireNodePackage("tree-sitter-bicep");
        var folder = Directory.CreateTempSubdirectory("bicep-check-");
        try
        {
            var broken = Path.Combine(folder.FullName, "broken.bicep");
            await File.WriteAllTextAsync(broken, "param name string\nresource site 'Microsoft.Web/sites@2024-04-01' = {\n  name:\n}\nextension graph extra\n");
            var valid = Path.Combine(folder.FullName, "valid.bicep");
            await File.WriteAllTextAsync(valid, "extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'\nparam name string\noutput n string = name\n");

            // Act
            var result = await NodeProcess.RunAsync(Script, [folder.FullName], Deadline);

            // Assert
            Assert.True(result.ExitCode == 1, result.Describe());
            Assert.Contains($"{broken}:3:", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"{broken}:5:1: ERROR: extension graph extra", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain($"{valid}:", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("bicep-check: 1 of 2 files parse without errors", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
