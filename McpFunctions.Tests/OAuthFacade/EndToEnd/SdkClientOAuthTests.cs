using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Tests.OAuthFacade.ClientMetadata;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>
/// The official MCP TypeScript SDK client (<c>e2e/facade/sdk-oauth-client.mjs</c>) through the façade, from the
/// first 401 to a tool result and a refresh: by dynamic registration and by a Client ID Metadata Document against
/// an Entra-like oidc-provider, and by dynamic registration against the development sign-in page. The app is the
/// published worker behind the local Functions host, as Azure runs it.
/// </summary>
public sealed class SdkClientOAuthTests(WorkerHosts hosts) : IClassFixture<WorkerHosts>
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SdkClient_ByDynamicRegistration_GoesFrom401ToToolResults_AndRefreshes()
    {
        await using var env = await WorkerFacade.StartOidcAsync(hosts);

        var (observed, run) = await RunAsync(env, new { mode = "dcr", redirectUrl = LoopbackRedirect(), subject = "sdk-user" });

        AssertDiscoveredAndAuthorized(env, observed, run);
        var http = Requests(observed);
        Assert.Contains(http, r => r.Path == "/register" && r.Status == 201);
        Assert.False(string.IsNullOrEmpty((string?)observed["clientId"]));
        Assert.DoesNotContain("https://", (string?)observed["clientId"], StringComparison.Ordinal);
        await env.App.WaitForLogAsync("Upstream sign-in completed for subject sdk-user");
    }

    [Fact]
    public async Task SdkClient_ByClientIdMetadataDocument_GoesFrom401ToToolResults_WithoutRegistering()
    {
        await using var documents = await ClientMetadataDocumentServer.StartAsync();
        var redirectUrl = LoopbackRedirect();
        var clientId = documents.ServeValid("/oauth/client-metadata.json", redirectUrl, clientName: "SDK metadata client");
        await using var env = await WorkerFacade.StartOidcAsync(hosts, new Dictionary<string, string?>
        {
            ["Facade__ClientMetadataDocuments__AllowLoopbackHostsForTesting"] = "true",
        });

        var (observed, run) = await RunAsync(env, new { mode = "cimd", redirectUrl, clientMetadataUrl = clientId, subject = "cimd-user" });

        AssertDiscoveredAndAuthorized(env, observed, run);
        Assert.Equal(clientId, (string?)observed["clientId"]);
        Assert.Equal(clientId, (string?)observed["authorizationRequest"]!["client_id"]);
        Assert.DoesNotContain(Requests(observed), r => r.Path == "/register");
        Assert.True(documents.Requests("/oauth/client-metadata.json") >= 1);
    }

    [Fact]
    public async Task SdkClient_WithTheDevelopmentUpstream_CompletesTheWholeFlowHeadlessly()
    {
        await using var env = await WorkerFacade.StartDevelopmentAsync(hosts);

        var (observed, run) = await RunAsync(env, new { mode = "dcr", redirectUrl = LoopbackRedirect(), subject = "local-dev" });

        AssertDiscoveredAndAuthorized(env, observed, run);
        Assert.Contains(observed["browser"]!.AsArray(), step => (string?)step!["form"] == "dev-sign-in");
        await env.App.WaitForLogAsync("subject dev|local-dev");
    }

    // The story every path shares: 401 with the PRM URL → PRM → AS metadata → authorize with PKCE S256 and the
    // resource → consent → back with state and iss → token (the second seed's shape) → initialize, tools/list,
    // tools/call → refresh rotates, and the rotated token works.
    private static void AssertDiscoveredAndAuthorized(WorkerFacade env, JsonNode observed, NodeProcessResult run)
    {
        Assert.True(run.ExitCode == 0, run.Describe());
        var http = Requests(observed);
        var first = http[0];
        Assert.Equal(("/mcp", 401), (first.Path, first.Status));
        Assert.Contains($"resource_metadata=\"{env.Issuer}/.well-known/oauth-protected-resource/mcp\"", first.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains(http, r => r.Path == "/.well-known/oauth-protected-resource/mcp" && r.Status == 200);
        Assert.Contains(http, r => r.Path == "/.well-known/oauth-authorization-server" && r.Status == 200);
        Assert.Contains(http, r => r.Path == "/token" && r.Status == 200);

        var authorization = observed["authorizationRequest"]!;
        Assert.Equal("S256", (string?)authorization["code_challenge_method"]);
        Assert.Equal(env.McpUrl, (string?)authorization["resource"]);
        Assert.Contains(observed["browser"]!.AsArray(), step => (string?)step!["form"] == "consent" && (string?)step["path"] == "/authorize");

        var callback = observed["callback"]!;
        Assert.True((bool?)callback["stateMatches"], run.Describe());
        Assert.Equal(env.Issuer, (string?)callback["iss"]);

        var tokens = observed["tokens"]!;
        Assert.Equal("Bearer", (string?)tokens["tokenType"]);
        Assert.Equal(JsonValueKind.Number, tokens["expiresIn"]!.GetValueKind());
        Assert.Equal("mcp:read mcp:execute", (string?)tokens["scope"]);
        Assert.NotNull((string?)tokens["refreshToken"]);

        Assert.Contains("mcp_list", observed["toolNames"]!.AsArray().Select(n => (string?)n));
        Assert.False((bool?)observed["toolCall"]!["isError"]);
        Assert.True((bool?)observed["toolCall"]!["hasContent"]);

        var refreshed = observed["refreshed"]!;
        Assert.True((bool?)refreshed["rotated"], run.Describe());
        Assert.True((bool?)refreshed["newAccessToken"], run.Describe());
        Assert.True((int?)observed["toolCountAfterRefresh"] > 0);
        Assert.Contains("tools/list after refresh", observed["steps"]!.AsArray().Select(s => (string?)s));
    }

    private static async Task<(JsonNode Observed, NodeProcessResult Run)> RunAsync(WorkerFacade env, object options)
    {
        RepositoryPaths.RequireNodePackage("@modelcontextprotocol/sdk");
        var run = await NodeProcess.RunAsync(RepositoryPaths.InRoot("e2e", "facade", "sdk-oauth-client.mjs"), [env.McpUrl, JsonSerializer.Serialize(options)], ScriptTimeout);
        var line = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(line is not null && line.StartsWith('{'), run.Describe());
        return (JsonNode.Parse(line)!, run);
    }

    private static List<(string Path, int Status, string WwwAuthenticate)> Requests(JsonNode observed) =>
        [.. observed["http"]!.AsArray().Select(r => ((string)r!["path"]!, (int)r["status"]!, (string?)r["wwwAuthenticate"] ?? string.Empty))];

    // Never listened on: the browser stops at the redirect, as a native client's loopback listener would take it.
    private static string LoopbackRedirect() => $"http://127.0.0.1:{FacadeTestApp.FreePort()}/callback";

    /// <summary>
    /// The façade as a worker behind its own local host, in front of an Entra-like oidc-provider (one pre-registered
    /// confidential client whose only redirect URI is the façade's <c>/callback</c>: so the host's port is chosen
    /// first) or the development sign-in.
    /// </summary>
    private sealed class WorkerFacade(WorkerApp app, OidcProviderFixture? upstream) : IAsyncDisposable
    {
        public WorkerApp App => app;

        public string Issuer => app.BaseAddress.ToString().TrimEnd('/');

        public string McpUrl => Issuer + "/mcp";

        public static async Task<WorkerFacade> StartOidcAsync(WorkerHosts hosts, IReadOnlyDictionary<string, string?>? settings = null)
        {
            var port = FacadeTestApp.FreePort();
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            var upstream = await OidcProviderFixture.StartAsync(new OidcProviderOptions
            {
                Registration = false,
                Clients =
                [
                    new OidcProviderClient(FacadeEnvironment.UpstreamClientId)
                    {
                        ClientSecret = secret,
                        TokenEndpointAuthMethod = "client_secret_basic",
                        RedirectUris = [$"http://127.0.0.1:{port}/callback"],
                        GrantTypes = ["authorization_code", "refresh_token"],
                        ResponseTypes = ["code"],
                    },
                ],
            });
            try
            {
                var all = new Dictionary<string, string?>
                {
                    ["Auth__Mode"] = "Facade",
                    ["Facade__Upstream__Kind"] = "Oidc",
                    ["Facade__Upstream__Authority"] = upstream.IssuerString,
                    ["Facade__Upstream__ClientId"] = FacadeEnvironment.UpstreamClientId,
                    ["Facade__Upstream__ClientSecret"] = secret,
                    ["Facade__Upstream__RequireHttpsMetadata"] = "false",
                };
                foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
                {
                    all[name] = value;
                }

                return new WorkerFacade(await hosts.StartAsync(all, port), upstream);
            }
            catch
            {
                await upstream.DisposeAsync();
                throw;
            }
        }

        public static async Task<WorkerFacade> StartDevelopmentAsync(WorkerHosts hosts) =>
            new(await hosts.StartAsync(new Dictionary<string, string?> { ["Auth__Mode"] = "Facade", ["Facade__Upstream__Kind"] = "Development" }), null);

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            if (upstream is not null)
            {
                await upstream.DisposeAsync();
            }
        }
    }
}
