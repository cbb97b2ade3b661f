using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// One real OpenID provider (e2e/oidc-provider) as the external authorization server and three instances
/// of the published worker, each behind its own local Functions host, that trust it: <c>Strict</c>, <c>Seed</c> and <c>Strict</c> with the first seed's userinfo
/// validation. The provider must list each app's canonical resource (<c>&lt;base&gt;/mcp</c>, <c>&lt;base&gt;</c>)
/// before it starts, and each app must name the provider as its authority before it starts: so the apps'
/// loopback ports are picked first, the provider started with their URLs, then the hosts bound to those ports.
/// The SDK OAuth client script runs once, lazily, and its summary is shared by the tests that read it.
/// </summary>
public sealed class ExternalAuthorizationServerFixture : IAsyncLifetime
{
    public const string Subject = "e2e-user@example.test";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

        private readonly Lock _scriptGate = new();
    private readonly WorkerOutput _worker = new();
    private Task<(JsonNode Summary, string Raw)>? _sdkRun;

    public OidcProviderFixture Provider { get; private set; } = null!;

    internal WorkerApp StrictApp { get; private set; } = null!;

    internal WorkerApp SeedApp { get; private set; } = null!;

    internal WorkerApp UserinfoApp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RepositoryPaths.RequireNodePackage("@modelcontextprotocol/sdk");
        await _worker.InitializeAsync();
        var strictBase = LoopbackBase(FreePort());
        var seedBase = LoopbackBase(FreePort());
        var userinfoBase = LoopbackBase(FreePort());

        var defaults = OidcProviderOptions.ForTokenValidation();
        Provider = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            Resources =
            [
                new OidcProviderResource(strictBase + "/mcp", "jwt"),
                new OidcProviderResource(strictBase, "jwt"),
                new OidcProviderResource(seedBase + "/mcp", "jwt"),
                new OidcProviderResource(seedBase, "jwt"),
            ],
            Clients = [.. defaults.Clients.Where(c => c.ClientId == OidcProviderOptions.PublicClientId)],
        });

        StrictApp = await StartAppAsync(strictBase, "Strict", userinfo: false);
        SeedApp = await StartAppAsync(seedBase, "Seed", userinfo: false);
        UserinfoApp = await StartAppAsync(userinfoBase, "Strict", userinfo: true);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { StrictApp, SeedApp, UserinfoApp })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        await _worker.DisposeAsync();

    }

    /// <summary>Canonical resource of an app's MCP endpoint, e.g. <c>http://127.0.0.1:5123/mcp</c>.</summary>
    internal static string McpResource(WorkerApp app) => app.BaseAddress.GetLeftPart(UriPartial.Authority) + "/mcp";

    /// <summary>Runs e2e/external-auth/sdk-oauth-client.mjs against the strict app once; returns its JSON summary.</summary>
    internal async Task<(JsonNode Summary, string Raw)> SdkOAuthRunAsync()
    {
        lock (_scriptGate)
        {
            _sdkRun ??= RunSdkOAuthClientAsync();
        }

        return await _sdkRun;
    }

    private async Task<(JsonNode Summary, string Raw)> RunSdkOAuthClientAsync()
    {
        var script = RepositoryPaths.InRoot("e2e", "external-auth", "sdk-oauth-client.mjs");
        var result = await NodeProcess.RunAsync(script, [McpResource(StrictApp), Subject], ScriptTimeout, RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, result.Describe() + "\n--- provider ---\n" + Provider.Output);
        var raw = result.StandardOutput.Trim();
        return (JsonNode.Parse(raw) ?? throw new InvalidOperationException("empty summary"), raw);
    }

    private async Task<WorkerApp> StartAppAsync(string baseUrl, string policy, bool userinfo)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth__Mode"] = "External",
            ["Auth__Authority"] = Provider.IssuerString,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Auth__MethodPolicy"] = policy,
            ["Mcp__PublicBaseUrl"] = baseUrl,
        };
        if (userinfo)
        {
            settings["Auth__Userinfo__Enabled"] = "true";
        }

        // The host listens where the provider's resource list already says the app is.
        return await WorkerApp.StartAsync(_worker, settings, new Uri(baseUrl).Port);
    }

    private static string LoopbackBase(int port) => $"http://127.0.0.1:{port}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
