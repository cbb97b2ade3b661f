using McpDoctor;
using McpDoctor.Findings;
using McpDoctor.Http;
using McpDoctor.Login;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>Runs the doctor in process with bounds short enough for the suite, and reads its report.</summary>
internal static class DoctorRun
{
    public static Task<Report> RunAsync(string url, bool login = false, string? token = null, string? callTool = null, IBrowserLauncher? browser = null, ProbeLimits? limits = null) =>
        Doctor.RunAsync(
            new DoctorSettings(new Uri(url))
            {
                Login = login,
                Token = token,
                CallTool = callTool,
                Browser = browser ?? new HeadlessBrowser(),
                LoginTimeout = TimeSpan.FromSeconds(30),
                Limits = limits ?? new ProbeLimits { RequestTimeout = TimeSpan.FromSeconds(10), Budget = TimeSpan.FromSeconds(60) },
            },
            CancellationToken.None);

    /// <summary>Every finding as "id OUTCOME observed", for assertion messages.</summary>
    public static string Describe(Report report) =>
        string.Join('\n', report.Findings.Select(f => $"{f.Id} {f.Outcome} {f.Observed}"));

    public static Finding Single(Report report, string id) =>
        report.Findings.SingleOrDefault(f => f.Id == id) ?? throw new Xunit.Sdk.XunitException($"no finding {id}:\n{Describe(report)}");
}
