using McpFunctions.ResourceServer;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpFunctions.Tests.ResourceServer;

/// <summary>The real app in External auth mode with the token-validation port replaced by <see cref="FakeTokenValidator"/>.</summary>
internal static class ResourceServerTestApp
{
    public static async Task<(TestApp App, FakeTokenValidator Validator)> StartAsync(string preset, TimeProvider? time = null, IDictionary<string, string?>? extra = null)
    {
        var validator = new FakeTokenValidator();
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "External",
            ["Auth:MethodPolicy"] = preset,
            ["Auth:Authority"] = "https://idp.example.com/",
            ["Auth:Scopes:0"] = "mcp:read",
            ["Auth:Scopes:1"] = "mcp:execute",
            ["Mcp:PublicBaseUrl"] = "https://mcp.example.org",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = await TestApp.StartAsync(settings, services =>
        {
            services.RemoveAll<ITokenValidator>();
            services.AddSingleton<ITokenValidator>(validator);
            if (time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            }
        });
        return (app, validator);
    }

    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Add("Authorization", "Bearer " + token);
        return request;
    }
}
