using McpFunctions.Tests.Infra;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>azd runs the doctor after every deploy against the template's MCP_URL output, and a failing check never blocks the deployment.</summary>
public sealed class PostDeployHookTests
{
    [Theory]
    [InlineData("posix", "sh", "\"$MCP_URL\" || true")]
    [InlineData("windows", "pwsh", "\"$env:MCP_URL\"; exit 0")]
    public void PostDeployHook_RunsTheDoctorOnTheDeployedUrl_AndNeverBlocks(string platform, string shell, string tail)
    {
        var yaml = SimpleYaml.Parse(File.ReadAllText(RepositoryPaths.InRoot("azure.yaml")));

        var hooks = Assert.IsType<Dictionary<string, object>>(yaml["hooks"]);
        var postdeploy = Assert.IsType<Dictionary<string, object>>(hooks["postdeploy"]);
        var hook = Assert.IsType<Dictionary<string, object>>(postdeploy[platform]);

        Assert.Equal(shell, hook["shell"]);
        Assert.Equal("true", hook["continueOnError"]);
        Assert.Equal("dotnet run --project tools/McpDoctor -- " + tail, hook["run"]);
        Assert.True(File.Exists(RepositoryPaths.InRoot("tools", "McpDoctor", "McpDoctor.csproj")));
        Assert.Contains("output MCP_URL string", File.ReadAllText(RepositoryPaths.InRoot("infra", "main.bicep")), StringComparison.Ordinal);
    }
}
