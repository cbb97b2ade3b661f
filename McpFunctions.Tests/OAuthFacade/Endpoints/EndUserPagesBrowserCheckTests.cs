using McpFunctions.Storage;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// Runs e2e/pages-check.mjs, which opens every sign-in page in headless Chromium at phone and desktop width and
/// checks what a phone user and a screen reader get: no sideways scrolling, every control named, one level-1
/// heading, the server and its host named. Chromium is optional: without it the script says it skipped and passes,
/// so the suite never depends on a browser being installed; with it, every page must pass.
/// </summary>
public sealed class EndUserPagesBrowserCheckTests
{
    private const string Skipped = "skipped: no chromium found";
    private static readonly string Script = RepositoryPaths.InRoot("e2e", "pages-check.mjs");
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static readonly string[] PageNames =
    [
        "consent",
        "development sign-in",
        "error unknown client",
        "error redirect not allowed",
        "error sign-in opened directly",
        "error stale callback",
        "error storage unavailable",
    ];

    [Fact]
    public async Task Script_SaysSkippedAndPasses_WhenNoChromiumIsFound()
    {
        var result = await NodeProcess.RunAsync(
            Script, ["--url", "http://127.0.0.1:9"], Deadline, environment: new Dictionary<string, string> { ["CHROMIUM"] = "/nonexistent/chromium" });

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.StartsWith(Skipped, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPage_PassesInChromium_AtPhoneAndDesktopWidth_OrTheScriptSaysItSkipped()
    {
        // Arrange: the app in process with the development sign-in; its public URL is its own address, so the
        // browser's consent answer passes the Origin check. A second instance has its table storage on a port
        // nobody listens on, for the "storage unavailable" page.
        var settings = new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development" };
        await using var app = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), settings);
        await using var storageDown = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), new Dictionary<string, string?>(settings)
        {
            ["AzureWebJobsStorage"] =
                $"DefaultEndpointsProtocol=http;AccountName={TableStorageDefaults.DevelopmentAccountName};AccountKey={TableStorageDefaults.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{FacadeTestApp.FreePort()}/{TableStorageDefaults.DevelopmentAccountName}",
            ["Storage:OperationBudget"] = "00:00:04",
            ["Storage:NetworkTimeout"] = "00:00:02",
        });
        var output = Directory.CreateTempSubdirectory("pages-check-");

        try
        {
            // Act
            var result = await NodeProcess.RunAsync(Script, ["--url", app.Issuer, "--storage-down-url", storageDown.Issuer, "--out", output.FullName], Deadline);

            // Assert
            Assert.True(result.ExitCode == 0, result.Describe());
            if (result.StandardOutput.StartsWith(Skipped, StringComparison.Ordinal))
            {
                return;
            }

            Assert.Contains("pages-check: all pages passed", result.StandardOutput, StringComparison.Ordinal);
            foreach (var page in PageNames)
            {
                foreach (var viewport in new[] { "phone", "desktop" })
                {
                    Assert.Contains($"ok {page} ({viewport}):", result.StandardOutput, StringComparison.Ordinal);
                    var slug = page.Replace(' ', '-');
                    Assert.True(new FileInfo(Path.Combine(output.FullName, $"{slug}-{viewport}.png")).Length > 1000, $"no screenshot of {page} at {viewport} width");
                    Assert.Contains("\"role\": \"heading\"", await File.ReadAllTextAsync(Path.Combine(output.FullName, $"{slug}-{viewport}.ax.json")), StringComparison.Ordinal);
                }
            }

            Assert.Contains("ok error unknown client (phone): \"Sign-in to McpFunctions cannot continue\"", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("FAIL", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
