using McpDoctor.Findings;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// One switch per pitfall on a server that is otherwise right: the doctor (with a headless --login) names that
/// pitfall and only that one, with the outcome it deserves; the healthy server gets a clean report.
/// </summary>
public sealed class PitfallTests
{
    public static TheoryData<Pitfall, string?, string> Cases => new()
    {
        { Pitfall.None, null, "Pass" },
        { Pitfall.Get501, "tr.get", "Fail" },
        { Pitfall.RelativeResourceMetadata, "disc.resource-metadata", "Fail" },
        { Pitfall.MissingRootProtectedResource, "disc.prm-root", "Warn" },
        { Pitfall.ChallengeWithoutScope, "disc.challenge-scope", "Warn" },
        { Pitfall.ResourceMismatch, "disc.prm-resource", "Fail" },
        { Pitfall.OnlyOpenIdConfiguration, "disc.as-metadata", "Warn" },
        { Pitfall.MissingS256, "disc.pkce-s256", "Fail" },
        { Pitfall.NoNoneAuthMethod, "disc.registration-path", "Warn" },
        { Pitfall.RegistrationRejectsClaudeBody, "reg.claude", "Fail" },
        { Pitfall.ExpiresInString, "auth.token-response", "Fail" },
        { Pitfall.NoRefreshToken, "auth.refresh", "Warn" },
        { Pitfall.PreviousRefreshTokenRefused, "auth.rotation", "Warn" },
        { Pitfall.WrongAudience, "auth.audience", "Warn" },
        { Pitfall.HeadWithoutVersion, "reach.head", "Warn" },
        { Pitfall.InitializedAnswers200, "tr.initialized", "Fail" },
        { Pitfall.SessionIdNotExposed, "cors.expose", "Warn" },
        { Pitfall.PreflightRefused, "cors.preflight", "Warn" },
        { Pitfall.ExpiredSession400, "tr.unknown-session", "Fail" },
        { Pitfall.VersionHeaderIntolerant, "tr.version-headers", "Fail" },
        { Pitfall.BodyVersionLosesToHeader, "mod.stateless", "Fail" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Doctor_NamesThePitfall_AndOnlyThatOne(Pitfall pitfall, string? expectedId, string expectedOutcome)
    {
        var expected = Enum.Parse<Outcome>(expectedOutcome);
        await using var server = await PitfallServer.StartAsync(pitfall);

        var report = await DoctorRun.RunAsync(server.McpUrl, login: true, callTool: "ping");

        Assert.True(report.Problems.SequenceEqual(expectedId is null ? [] : [expectedId]), $"{pitfall}:\n{DoctorRun.Describe(report)}");
        if (expectedId is not null)
        {
            var finding = DoctorRun.Single(report, expectedId);
            Assert.Equal(expected, finding.Outcome);
            Assert.False(string.IsNullOrWhiteSpace(finding.Symptom));
            Assert.False(string.IsNullOrWhiteSpace(finding.Fix));
        }

        Assert.Equal(expected == Outcome.Fail ? 1 : 0, report.ExitCode);
        Assert.Equal(
            expected == Outcome.Pass ? Outcome.Pass : expected,
            report.Verdicts.Max(v => v.Outcome == Outcome.Skip ? Outcome.Pass : v.Outcome));
    }

    [Fact]
    public async Task HealthyServer_FullRun_ChecksEveryStage_WithoutSkipping()
    {
        await using var server = await PitfallServer.StartAsync(Pitfall.None);

        var report = await DoctorRun.RunAsync(server.McpUrl, login: true, callTool: "ping");

        Assert.DoesNotContain(report.Findings, f => f.Outcome == Outcome.Skip);
        Assert.Equal(Enum.GetValues<Stage>(), report.Findings.Select(f => f.Stage).Distinct().Order());
        Assert.All(report.Verdicts, v => Assert.Equal("connects", v.Summary));
    }
}
