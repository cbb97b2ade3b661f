using System.Net;
using System.Net.Sockets;
using McpDoctor.Findings;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// The doctor against this product in External mode: a real oidc-provider is the authorization server (dynamic
/// registration, PKCE, resource indicators, JWT access tokens for the MCP resource), signed in headlessly.
/// Everything the product serves passes. Two findings are about this authorization server's configuration, and the
/// doctor names them as it would for a real deployment: oidc-provider refuses Claude's registration because of its
/// <c>scope: "claudeai"</c> (it only accepts scopes it knows), and it issues refresh tokens only when
/// <c>offline_access</c> is requested, which the challenge's scopes do not include.
/// </summary>
public sealed class DoctorAgainstExternalAuthorizationServerTests
{
    [Fact]
    public async Task External_WithOidcProvider_LoginHeadless_ProductPasses_AndTheProvidersOwnPitfallsAreNamed()
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var provider = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            Resources = [new OidcProviderResource(baseUrl + "/mcp", "jwt")],
        });
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Auth:Mode"] = "External",
                ["Auth:Authority"] = provider.IssuerString,
                ["Auth:RequireHttpsMetadata"] = "false",
                ["Mcp:PublicBaseUrl"] = baseUrl,
            },
            services => services.Configure<KestrelServerOptions>(o => o.Listen(IPAddress.Loopback, port)));

        var report = await DoctorRun.RunAsync(baseUrl + "/mcp", login: true);

        var describe = DoctorRun.Describe(report);
        string[] versionHeaders = ["tr.version-headers", "mod.stateless"];
        Assert.True(report.Problems.Except(versionHeaders).Order().SequenceEqual(["auth.refresh", "reg.claude"]), describe);
        Assert.Contains("scope must only contain Authorization Server supported scope values", DoctorRun.Single(report, "reg.claude").Observed, StringComparison.Ordinal);
        Assert.Equal(Outcome.Warn, DoctorRun.Single(report, "auth.refresh").Outcome);
        Assert.Equal(Outcome.Pass, DoctorRun.Single(report, "reg.claude-code").Outcome);
        Assert.Equal("aud = " + baseUrl + "/mcp", DoctorRun.Single(report, "auth.audience").Observed);
        Assert.Contains("Claude registers dynamically", DoctorRun.Single(report, "disc.registration-path").Observed, StringComparison.Ordinal);
        Assert.All(report.Findings.Where(f => f.Stage is Stage.Reachability or Stage.Discovery or Stage.Cors || (f.Stage == Stage.Transport && !versionHeaders.Contains(f.Id))),
            f => Assert.True(f.Outcome is Outcome.Pass or Outcome.Skip, describe));
        Assert.Equal(Outcome.Fail, report.Verdicts.Single(v => v.Client == "Claude.ai").Outcome);
        Assert.Contains("reg.claude", report.Verdicts.Single(v => v.Client == "Claude.ai").Because);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
