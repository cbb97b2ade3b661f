using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// One invocation of the conformance CLI's <c>server</c> command: which pinned package runs which
/// protocol revision. Each run gets a fresh app and its own results folder.
/// </summary>
/// <param name="Version">The protocol revision, also the key into <c>expected-failures.json</c>.</param>
/// <param name="Package">The npm package folder under <c>node_modules</c> (the alpha is installed under an alias).</param>
/// <param name="Selection">The CLI arguments that pick the scenarios for <paramref name="Version"/>.</param>
internal sealed record ConformanceRun(string Version, string Package, IReadOnlyList<string> Selection)
{
    /// <summary>The stable release, for the stateful (initialize handshake) revisions.</summary>
    public const string StablePackage = "@modelcontextprotocol/conformance";

    /// <summary>0.2.0-alpha.12 under the alias in package.json: the first release that knows 2026-07-28.</summary>
    public const string AlphaPackage = "conformance-next";

    /// <summary>
    /// The four revisions the server speaks. 0.1.16 tags no scenario with 2025-03-26 (its
    /// <c>--spec-version 2025-03-26</c> runs nothing), so that revision runs on the alpha, which drives
    /// server-session-lifecycle at the 2025-03-26 wire. 2026-07-28 runs the frozen requirement set,
    /// including the scenarios it reports as not scored (tasks extension, pending), for visibility.
    /// </summary>
    public static IReadOnlyList<ConformanceRun> All { get; } =
    [
        new("2025-03-26", AlphaPackage, ["--spec-version", "2025-03-26", "--timeout", "30000"]),
        new("2025-06-18", StablePackage, ["--spec-version", "2025-06-18"]),
        new("2025-11-25", StablePackage, ["--spec-version", "2025-11-25"]),
        new("2026-07-28", AlphaPackage, ["--requirements", "2026-07-28", "--timeout", "30000"]),
    ];

    public string CliScript => Path.Combine(RepositoryPaths.RequireNodePackage(Package), "dist", "index.js");

    public IReadOnlyList<string> Arguments(Uri serverUrl, string outputDirectory) =>
        ["server", "--url", serverUrl.ToString(), .. Selection, "-o", outputDirectory];
}
