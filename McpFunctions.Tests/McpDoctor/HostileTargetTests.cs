using System.Net;
using System.Net.Sockets;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// Hostile or broken targets end in a FAIL that says why, within the doctor's bounds (1 s per request here), never in
/// an exception, a hang or a stack trace.
/// </summary>
public sealed class HostileTargetTests
{
    private static readonly ProbeLimits Short = new() { RequestTimeout = TimeSpan.FromSeconds(1), Budget = TimeSpan.FromSeconds(15) };

    public static TheoryData<string, string, string> Cases => new()
    {
        { nameof(Hostility.HtmlEverywhere), "tr.initialize", "HTML page where JSON was expected" },
        { nameof(Hostility.MalformedJson), "tr.initialize", "malformed JSON" },
        { nameof(Hostility.TenMegabytes), "tr.initialize", "larger than 1024 KiB" },
        { nameof(Hostility.Hangs), "reach.connect", "no complete answer within 1 s" },
        { nameof(Hostility.RedirectLoop), "reach.connect", "more than 5 redirects" },
        { nameof(Hostility.SelfSignedTls), "reach.connect", "TLS handshake" },
        { nameof(Hostility.HtmlMetadata), "disc.prm-path", "HTML page where JSON was expected" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileTarget_FailsWithTheReason_InBoundedTime(string hostility, string id, string reason)
    {
        await using var server = await HostileServer.StartAsync(Enum.Parse<Hostility>(hostility));

        var report = await DoctorRun.RunAsync(server.McpUrl, limits: Short).WaitAsync(TimeSpan.FromSeconds(60));

        var finding = DoctorRun.Single(report, id);
        Assert.Equal(Outcome.Fail, finding.Outcome);
        Assert.Contains(reason, finding.Observed, StringComparison.Ordinal);
        Assert.Equal(1, report.ExitCode);
        Assert.DoesNotContain(report.Findings, f => f.Observed.Contains("   at ", StringComparison.Ordinal) || f.Observed.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingListening_FailsAsRefused_AndSkipsTheLaterStages()
    {
        var port = ClosedPort();

        var report = await DoctorRun.RunAsync($"http://127.0.0.1:{port}/mcp", limits: Short).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("refused the connection", DoctorRun.Single(report, "reach.connect").Observed, StringComparison.Ordinal);
        Assert.Equal(1, report.ExitCode);
        Assert.All(report.Findings.Where(f => f.Stage != Stage.Reachability), f => Assert.Equal(Outcome.Skip, f.Outcome));
        Assert.All(report.Verdicts, v => Assert.Equal(Outcome.Fail, v.Outcome));
    }

    [Fact]
    public async Task NameThatDoesNotResolve_FailsAsDns()
    {
        var report = await DoctorRun.RunAsync("https://mcp-doctor-test.invalid/mcp", limits: Short).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Outcome.Fail, DoctorRun.Single(report, "reach.address").Outcome);
        Assert.Equal(Outcome.Fail, DoctorRun.Single(report, "reach.connect").Outcome);
        Assert.Equal(1, report.ExitCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
