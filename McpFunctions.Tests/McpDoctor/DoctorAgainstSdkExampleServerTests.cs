using McpDoctor.Findings;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// The doctor's verdicts on a server nobody here wrote: the official TypeScript SDK's example Streamable HTTP server.
/// Its transport is right (session, 202, 404 for an unknown session, parallel lists, an SSE stream on GET). What the
/// doctor names, and why it is right to:
/// <list type="bullet">
/// <item>reach.head WARN: HEAD falls through to the GET handler, which wants a session: 400 instead of 200.</item>
/// <item>tr.version-headers FAIL: the SDK refuses MCP-Protocol-Version 2026-07-28 on a 2025-06-18 session, which Claude
/// Code sends (issue thread CodeWithCJ/SparkyFitness#2155); a newer legacy header is tolerated.</item>
/// <item>cors.preflight / cors.expose WARN: the example adds no CORS, so a browser client cannot use it.</item>
/// <item>mod.discover: a 1.x SDK has no 2026-07-28, so clients fall back to initialize (a pass).</item>
/// </list>
/// With --oauth the SDK's demo authorization server signs in without a page, so --login runs headless. Then also:
/// HEAD is 401 (it passes the auth middleware), the challenge has no scope, only the path-suffixed protected-resource
/// document exists (no root one), and the demo issues no refresh token (tools would vanish at expiry).
/// </summary>
public sealed class DoctorAgainstSdkExampleServerTests
{
    private static readonly string[] Expected = ["cors.expose", "cors.preflight", "reach.head", "tr.version-headers"];

    [Fact]
    public async Task SdkExample_WithoutAuth_NamesHeadProbe_VersionHeader_AndCors()
    {
        await using var server = await SdkExampleServer.StartAsync(oauth: false);

        var report = await DoctorRun.RunAsync(server.McpUrl, callTool: "greet");

        var describe = DoctorRun.Describe(report);
        Assert.True(report.Problems.Order().SequenceEqual(Expected), describe);
        Assert.Contains("HEAD → 400", DoctorRun.Single(report, "reach.head").Observed, StringComparison.Ordinal);
        Assert.Contains("Unsupported protocol version: 2026-07-28", DoctorRun.Single(report, "tr.version-headers").Observed, StringComparison.Ordinal);
        Assert.Contains("200 text/event-stream", DoctorRun.Single(report, "tr.get").Observed, StringComparison.Ordinal);
        Assert.Equal("404", DoctorRun.Single(report, "tr.unknown-session").Observed);
        Assert.Contains("fall back to initialize", DoctorRun.Single(report, "mod.discover").Observed, StringComparison.Ordinal);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(Outcome.Fail, report.Verdicts.Single(v => v.Client == "Claude Code").Outcome);
        Assert.Equal(Outcome.Pass, report.Verdicts.Single(v => v.Client == "VS Code").Outcome);
    }

    [Fact]
    public async Task SdkExample_WithDemoOAuth_LoginHeadless_SignsIn_AndNamesTheDiscoveryGaps()
    {
        await using var server = await SdkExampleServer.StartAsync(oauth: true);

        var report = await DoctorRun.RunAsync(server.McpUrl, login: true);

        var describe = DoctorRun.Describe(report);
        string[] expected = ["auth.refresh", "cors.expose", "cors.preflight", "disc.challenge-scope", "disc.prm-root", "reach.head", "tr.version-headers"];
        Assert.True(report.Problems.Order().SequenceEqual(expected), describe);
        Assert.Contains("HEAD → 401", DoctorRun.Single(report, "reach.head").Observed, StringComparison.Ordinal);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "auth.login").Outcome);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "reg.claude").Outcome);
        Assert.Contains("Claude registers dynamically", DoctorRun.Single(report, "disc.registration-path").Observed, StringComparison.Ordinal);
        Assert.Contains("opaque token", DoctorRun.Single(report, "auth.audience").Observed, StringComparison.Ordinal);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "tr.lists").Outcome);
    }
}
