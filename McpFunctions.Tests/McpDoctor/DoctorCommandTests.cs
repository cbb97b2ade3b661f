using System.CommandLine;
using System.Text.Json.Nodes;
using McpDoctor.Cli;
using Spectre.Console;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>The command line: help that states where the token goes, a clear refusal of a bad URL, --json and the exit code.</summary>
public sealed class DoctorCommandTests
{
    private static readonly string[] Outcomes = ["PASS", "WARN", "FAIL", "SKIP"];

    [Fact]
    public async Task Help_SaysTheTokenGoesOnlyToTheEndpoint_AndListsTheOptions()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("sent ONLY to the MCP endpoint URL you name", output, StringComparison.Ordinal);
        foreach (var option in new[] { "--token", "--login", "--call-tool", "--json", "--timeout", "--budget" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/mcp")]
    [InlineData("/mcp")]
    public async Task BadUrl_ExitsWith2_WithoutRunning(string url)
    {
        var (code, output, _) = await RunAsync(url, "--json");

        Assert.Equal(2, code);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("None", 0)]
    [InlineData("Get501", 1)]
    [InlineData("NoRefreshToken", 0)]
    public async Task Json_ReportsFindingsAndVerdicts_AndTheExitCodeIsNonZeroOnlyOnFailure(string pitfall, int expectedExit)
    {
        await using var server = await PitfallServer.StartAsync(Enum.Parse<Pitfall>(pitfall));

        var (code, output, console) = await RunAsync(server.McpUrl, "--login", "--json", "--timeout", "5");

        Assert.Equal(expectedExit, code);
        Assert.Equal("", console);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(server.McpUrl, json["endpoint"]!.ToString());
        Assert.Equal(expectedExit, json["exitCode"]!.GetValue<int>());
        var findings = json["findings"]!.AsArray();
        Assert.Contains(findings, f => f!["id"]!.ToString() == "auth.login" && f["outcome"]!.ToString() == "PASS");
        Assert.All(findings, f => Assert.Contains(f!["outcome"]!.ToString(), Outcomes));
        Assert.Equal(["Claude.ai", "Claude Code", "ChatGPT", "VS Code"], json["verdicts"]!.AsArray().Select(v => v!["client"]!.ToString()));
    }

    [Fact]
    public async Task ConsoleReport_GroupsByStage_WithSymptomAndFix_AndAVerdictPerClient()
    {
        await using var server = await PitfallServer.StartAsync(Pitfall.ExpiredSession400);

        var (code, _, console) = await RunAsync(server.McpUrl, "--login");

        Assert.Equal(1, code);
        foreach (var heading in new[] { "Reachability", "Discovery", "Registration", "Authorization", "Transport", "Cors", "IdentityProvider", "Verdict per client" })
        {
            Assert.Contains(heading, console, StringComparison.Ordinal);
        }

        Assert.Contains("tr.unknown-session", console, StringComparison.Ordinal);
        Assert.Contains("Tools disappear after the session expires", console, StringComparison.Ordinal);
        Assert.Contains("404 Not Found", console, StringComparison.Ordinal);
        Assert.Contains("will not connect", console, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Console)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        ansi.Profile.Width = 200;
        var command = DoctorCommand.Create(ansi, output, new HeadlessBrowser());
        var code = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        return (code, output.ToString(), console.ToString());
    }
}
