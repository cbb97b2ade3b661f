using System.Security.Cryptography;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>
/// The façade in front of a real upstream: oidc-provider configured like Entra ID (no dynamic registration, one
/// pre-registered confidential client whose only redirect URI is the façade's <c>/callback</c>), or the façade's
/// own development sign-in page.
/// </summary>
internal sealed class FacadeEnvironment : IAsyncDisposable
{
    public const string UpstreamClientId = "mcp-facade";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<FacadeTestApp> _otherInstances = [];

    private FacadeEnvironment(FacadeTestApp app, OidcProviderFixture? upstream, Dictionary<string, string?> settings)
    {
        App = app;
        Upstream = upstream;
        _settings = settings;
    }

    public FacadeTestApp App { get; }

    public OidcProviderFixture? Upstream { get; }

    public string Issuer => App.Issuer;

    public string McpUrl => App.Issuer + "/mcp";

    public static async Task<FacadeEnvironment> StartOidcAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        string environment = "Development",
        string upstreamAuthMethod = "client_secret_basic")
    {
        var port = FacadeTestApp.FreePort();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var upstream = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            Registration = false,
            Clients =
            [
                new OidcProviderClient(UpstreamClientId)
                {
                    ClientSecret = secret,
                    TokenEndpointAuthMethod = upstreamAuthMethod,
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
                ["Auth:Mode"] = "Facade",
                ["Facade:Upstream:Kind"] = "Oidc",
                ["Facade:Upstream:Authority"] = upstream.IssuerString,
                ["Facade:Upstream:ClientId"] = UpstreamClientId,
                ["Facade:Upstream:ClientSecret"] = secret,
                ["Facade:Upstream:RequireHttpsMetadata"] = "false",
            };
            Merge(all, settings);
            var app = await FacadeTestApp.StartAsync(port, all, configureServices, environment);
            return new FacadeEnvironment(app, upstream, all);
        }
        catch
        {
            await upstream.DisposeAsync();
            throw;
        }
    }

    public static async Task<FacadeEnvironment> StartDevelopmentAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Development",
        };
        Merge(all, settings);
        var app = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), all, configureServices);
        return new FacadeEnvironment(app, null, all);
    }

    /// <summary>Another instance of the same deployment (same settings and public URL, its own port and process state).</summary>
    public async Task<FacadeTestApp> StartAnotherInstanceAsync()
    {
        var instance = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), _settings, publicBaseUrl: Issuer);
        _otherInstances.Add(instance);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _otherInstances)
        {
            await instance.DisposeAsync();
        }

        await App.DisposeAsync();
        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }
    }

    private static void Merge(Dictionary<string, string?> into, IDictionary<string, string?>? from)
    {
        foreach (var (key, value) in from ?? new Dictionary<string, string?>())
        {
            into[key] = value;
        }
    }
}
