using McpDoctor.Findings;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// The doctor against this product, in process, in each auth mode: nothing fails and nothing warns — except the
/// version-header combinations Claude sends (issue 10's rows 1–3), which the product refuses until its tolerant
/// version-header reading lands; those two findings must then name exactly that refusal.
/// </summary>
public sealed class DoctorAgainstMcpFunctionsTests
{
    // The version-header combinations Claude sends (issue rows in the README's client-compatibility table) are
    // served by the default Tolerant mode, so they are held to PASS like every other check.
    private static void AssertHealthy(global::McpDoctor.Findings.Report report, bool transportChecked = true)
    {
        Assert.True(report.Problems.Count == 0, DoctorRun.Describe(report));
        foreach (var id in transportChecked ? new[] { "tr.version-headers", "mod.stateless" } : [])
        {
            Assert.Contains(report.Findings, f => f.Id == id && f.Outcome == Outcome.Pass);
        }
    }

    [Fact]
    public async Task NoAuth_EveryCheckPasses_AndEveryClientConnects()
    {
        await using var app = await TestApp.StartAsync();

        var report = await DoctorRun.RunAsync(new Uri(app.BaseAddress, "/mcp").AbsoluteUri, callTool: "mcp_list");

        AssertHealthy(report);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "disc.challenge").Outcome);
        Assert.Contains("no authorization", DoctorRun.Single(report, "disc.challenge").Observed, StringComparison.Ordinal);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "tr.tools-call").Outcome);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "tr.unknown-session").Outcome);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "tr.lists").Outcome);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "mod.discover").Outcome);
        Assert.All(report.Verdicts.Where(v => v.Client is "ChatGPT" or "VS Code"), v => Assert.Equal(Outcome.Pass, v.Outcome));
    }

    [Fact]
    public async Task Facade_WithDevelopmentSignIn_LoginHeadless_EveryCheckPasses()
    {
        await using var environment = await FacadeEnvironment.StartDevelopmentAsync();
        var browser = new HeadlessBrowser();

        var report = await DoctorRun.RunAsync(environment.McpUrl, login: true, browser: browser);

        AssertHealthy(report);
        Assert.DoesNotContain(report.Findings, f => f.Outcome == Outcome.Skip && f.Id != "tr.tools-call");
        Assert.Single(browser.Opened);
        Assert.Equal("S256", HeadlessBrowser.Query(browser.Opened[0], "code_challenge_method"));
        Assert.Equal(environment.McpUrl, HeadlessBrowser.Query(browser.Opened[0], "resource"));
        Assert.StartsWith("http://localhost:", HeadlessBrowser.Query(browser.Opened[0], "redirect_uri"), StringComparison.Ordinal);
        Assert.Contains("rotated", DoctorRun.Single(report, "auth.rotation").Observed, StringComparison.Ordinal);
        Assert.Contains("aud = " + environment.McpUrl, DoctorRun.Single(report, "auth.audience").Observed, StringComparison.Ordinal);
        Assert.Contains("Claude uses a client metadata document", DoctorRun.Single(report, "disc.registration-path").Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facade_WithoutLogin_DiscoveryAndRegistrationPass_TransportIsSkippedWithTheReason()
    {
        await using var environment = await FacadeEnvironment.StartDevelopmentAsync();

        var report = await DoctorRun.RunAsync(environment.McpUrl);

        AssertHealthy(report, transportChecked: false);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "reg.claude").Outcome);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "reg.claude-code").Outcome);
        var transport = DoctorRun.Single(report, "tr.initialize");
        Assert.Equal(Outcome.Skip, transport.Outcome);
        Assert.Contains("--login or --token", transport.Observed, StringComparison.Ordinal);
        Assert.All(report.Verdicts, v => Assert.Equal(Outcome.Pass, v.Outcome));
        Assert.All(report.Verdicts, v => Assert.Contains("as far as checked", v.Summary, StringComparison.Ordinal));
    }
}
