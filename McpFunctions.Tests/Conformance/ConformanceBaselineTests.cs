namespace McpFunctions.Tests.Conformance;

/// <summary>The Tolerant overlay may only trade header-mismatch checks: it cannot hide any other failure.</summary>
public sealed class ConformanceBaselineTests
{
    private const string Strict = """
        {"expectedFailures": {"2025-11-25": {"server-sse-multiple-streams": "400 on a disagreeing header", "resources-subscribe": "not served"}}}
        """;

    [Fact]
    public void TolerantOverlay_RemovesWhatToleranceFixes_AndAddsHeaderMismatchChecks()
    {
        var overlay = """
            {"expectedFailures": {"2026-07-28": {"header-check": "a disagreeing MCP-Protocol-Version header is served"}},
             "fixedByTolerance": {"2025-11-25": {"server-sse-multiple-streams": "served at the session's version"}}}
            """;

        var merged = ConformanceBaseline.Parse(Strict).WithTolerantOverlay(overlay);

        Assert.False(merged.TryGetReason("2025-11-25", "server-sse-multiple-streams", out _));
        Assert.True(merged.TryGetReason("2025-11-25", "resources-subscribe", out _));
        Assert.True(merged.TryGetReason("2026-07-28", "header-check", out var reason));
        Assert.Contains("MCP-Protocol-Version", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TolerantOverlay_RefusesAnExpectedFailureThatIsNotAHeaderMismatch()
    {
        var overlay = """{"expectedFailures": {"2025-11-25": {"tools-call": "tools are broken"}}}""";

        var error = Assert.Throws<InvalidOperationException>(() => ConformanceBaseline.Parse(Strict).WithTolerantOverlay(overlay));

        Assert.Contains("tools-call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TolerantOverlay_RefusesToFixWhatTheStrictBaselineDoesNotList()
    {
        var overlay = """{"fixedByTolerance": {"2025-11-25": {"tools-call": "now passes"}}}""";

        Assert.Throws<InvalidOperationException>(() => ConformanceBaseline.Parse(Strict).WithTolerantOverlay(overlay));
    }

    [Fact]
    public void CheckedInBaselines_LoadAndCombine()
    {
        var strict = ConformanceBaseline.Load(ConformanceBaseline.DefaultPath);

        var tolerant = strict.WithTolerantOverlay(File.ReadAllText(ConformanceBaseline.TolerantOverlayPath));

        Assert.True(strict.TryGetReason("2025-11-25", "server-sse-multiple-streams", out _));
        Assert.False(tolerant.TryGetReason("2025-11-25", "server-sse-multiple-streams", out _));
    }
}
