using McpFunctions.ResourceServer;
using McpFunctions.Tests.ResourceServer;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// The real app for the bad-input corpus in either environment: Production runs as deployed (External auth,
/// token validation through the narrow port), Development as a newcomer runs it (auth disabled).
/// </summary>
internal static class BadInputApp
{
    public const string Token = "alice.rx";

    public static Task<TestApp> StartAsync(string environment, IDictionary<string, string?>? extra = null)
    {
        var production = environment == "Production";
        var settings = new Dictionary<string, string?>();
        if (production)
        {
            settings["Auth:Mode"] = "External";
            settings["Auth:Authority"] = "https://idp.example.com/";
            settings["Auth:Scopes:0"] = "mcp:read";
            settings["Auth:Scopes:1"] = "mcp:execute";
            settings["Mcp:PublicBaseUrl"] = "https://mcp.example.org";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return TestApp.StartAsync(settings, services =>
        {
            if (production)
            {
                services.RemoveAll<ITokenValidator>();
                services.AddSingleton<ITokenValidator>(new FakeTokenValidator());
            }
        }, environment);
    }

    /// <summary>Adds the token the Production app accepts (harmless in Development, where auth is off).</summary>
    public static HttpRequestMessage Authorized(HttpRequestMessage request) => request.WithToken(Token);
}
