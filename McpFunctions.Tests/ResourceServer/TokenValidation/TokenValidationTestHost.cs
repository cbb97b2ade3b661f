using McpFunctions.Hosting;
using McpFunctions.Mcp;
using McpFunctions.ResourceServer;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// The token-validation services as the app registers them (<c>AddTokenValidation</c>), for an MCP server
/// at <see cref="OidcProviderOptions.McpBaseUrl"/> with paths <c>/mcp</c> and <c>/</c>, with captured logs
/// and the clock the test chooses.
/// </summary>
internal sealed class TokenValidationTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TokenValidationTestHost(ServiceProvider services, CapturedLogs logs)
    {
        _services = services;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public ITokenValidator Validator => _services.GetRequiredService<ITokenValidator>();

    public AuthOptions Options => _services.GetRequiredService<IOptions<AuthOptions>>().Value;

    public static TokenValidationTestHost Create(Action<AuthOptions> configure, TimeProvider? timeProvider = null)
    {
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(Mock.Of<IServer>());
        services.AddOptions<PublicUrlOptions>().Configure(o => o.PublicBaseUrl = OidcProviderOptions.McpBaseUrl);
        services.AddOptions<ProtectedResourceOptions>().Configure(o => o.Paths.AddRange(["/mcp", "/"]));
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<ProtectedResourceUris>();
        services.AddOptions<AuthOptions>().Configure(o =>
        {
            o.Mode = AuthMode.External;
            configure(o);
        });
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddTokenValidation();
        return new TokenValidationTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), logs);
    }

    /// <summary>For a test IdP on http://127.0.0.1: what an operator would set, with https relaxed for loopback only.</summary>
    public static Action<AuthOptions> ExternalIdp(string authority, Action<AuthOptions>? more = null) => options =>
    {
        options.Authority = authority;
        options.RequireHttpsMetadata = false;
        more?.Invoke(options);
    };

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
