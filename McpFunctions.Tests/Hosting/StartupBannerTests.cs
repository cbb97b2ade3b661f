using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// The first lines a newcomer reads: where the endpoint is, how to connect, and a warning whenever anyone who can
/// reach it gets in without signing in (authentication off, or the development sign-in page).
/// </summary>
public sealed class StartupBannerTests
{
    [Fact]
    public async Task AuthenticationOff_WarnsAtStart_NamingTheUrlAndTheSetting()
    {
        // Act
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Auth:Mode"] = "Disabled" });

        // Assert
        var url = new Uri(app.BaseAddress, "mcp").ToString();
        var warning = Assert.Single(app.Logs.Lines, l => l.EventId.Id == 3);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            $"Authentication is OFF (Auth:Mode=Disabled): anyone who can reach {url} can call every tool without a token. Development only; use Auth:Mode=Facade or External anywhere else.",
            warning.Message);
        Assert.Contains(app.Logs.Lines, l => l.EventId.Id == 1 && l.Message == $"MCP endpoint ready at {url} (auth mode: Disabled)");
    }

    [Fact]
    public async Task Facade_DoesNotWarnAuthenticationOff_AndDescribesMetadataDocumentsInWords()
    {
        // Act
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development" });

        // Assert
        Assert.DoesNotContain(app.Logs.Lines, l => l.EventId.Id == 3);
        var started = Assert.Single(app.Logs.Lines, l => l.EventId.Id == 5560);
        Assert.Contains("; client ID metadata documents accepted (clients may use an https URL as their client_id); ", started.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("True", started.Message, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, l => l.EventId.Id == 5561 && l.Level == LogLevel.Warning);
    }
}
