using McpFunctions.Hosting;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Moq;

namespace McpFunctions.Tests.OAuthFacade.Tokens;

/// <summary>
/// One app instance's façade state and token services, registered as the app does (<c>AddOAuthFacadeState</c>)
/// from the settings a test gives, for an MCP server at <see cref="BaseUrl"/> with path <c>/mcp</c>, on the test's
/// clock and with captured logs. Two hosts built on the same Azurite are two instances of the app.
/// </summary>
internal sealed class FacadeTestHost : IAsyncDisposable
{
    public const string BaseUrl = "https://mcp.example.test";
    public const string Resource = BaseUrl + "/mcp";

    private readonly ServiceProvider _services;

    private FacadeTestHost(ServiceProvider services, CapturedLogs logs)
    {
        _services = services;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    /// <summary>
    /// Builds the services. With <paramref name="azurite"/>, the stores and the data-protection ring are in its Table
    /// service (the client signs requests with the real clock, as Azurite checks the date; everything else uses
    /// <paramref name="timeProvider"/>).
    /// </summary>
    public static FacadeTestHost Create(
        TimeProvider timeProvider,
        IDictionary<string, string?>? settings = null,
        AzuriteFixture? azurite = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        if (azurite is not null)
        {
            all["AzureWebJobsStorage"] = azurite.ConnectionString;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(timeProvider);
        services.AddSingleton(Mock.Of<IServer>());
        services.AddOptions<PublicUrlOptions>().Configure(o => o.PublicBaseUrl = BaseUrl);
        services.AddOptions<ProtectedResourceOptions>().Configure(o => o.Paths.Add("/mcp"));
        if (azurite is not null)
        {
            services.AddSingleton<TableStorage>(_ => azurite.CreateServiceClient());
        }

        configureServices?.Invoke(services);
        services.AddOAuthFacadeState(configuration);
        // As the composition root chooses in façade mode: the façade validates the tokens it issued.
        services.TryAddSingleton<ITokenValidator>(provider => provider.GetRequiredService<FacadeTokenValidator>());
        return new FacadeTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), logs);
    }

    /// <summary>Settings giving every façade table a name no other test uses (Azurite is shared by the collection).</summary>
    public static Dictionary<string, string?> UniqueTables(string? suffix = null)
    {
        suffix ??= Guid.NewGuid().ToString("N")[..12];
        return new Dictionary<string, string?>
        {
            ["Facade:Storage:ClientsTableName"] = "Clients" + suffix,
            ["Facade:Storage:PendingAuthorizationsTableName"] = "Pending" + suffix,
            ["Facade:Storage:CodesTableName"] = "Codes" + suffix,
            ["Facade:Storage:GrantsTableName"] = "Grants" + suffix,
            ["Facade:Storage:SigningKeysTableName"] = "Keys" + suffix,
            ["Facade:Storage:DataProtectionKeysTableName"] = "Dp" + suffix,
        };
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
