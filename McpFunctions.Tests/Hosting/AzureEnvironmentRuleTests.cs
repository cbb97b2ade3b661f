using McpFunctions.Hosting;
using McpFunctions.Mcp;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Upstream;
using McpFunctions.ResourceServer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// The safety rule keys on Azure's own environment, not on being run by a Functions host (the local host and Core
/// Tools' <c>func start</c>, which sets <c>WEBSITE_HOSTNAME=localhost:7071</c>, are Functions hosts too); the public
/// base URL comes from configuration or <c>WEBSITE_HOSTNAME</c>, never from a request.
/// </summary>
public sealed class AzureEnvironmentRuleTests
{
    private const string InstanceId = "0f3c4b5a6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

    /// <summary>Every environment shape: (WEBSITE_INSTANCE_ID, WEBSITE_HOSTNAME, FUNCTIONS_WORKER_RUNTIME, on Azure?).</summary>
    public static TheoryData<string?, string?, string?, bool> Environments => new()
    {
        { null, null, null, false },                                         // dotnet run
        { null, null, "dotnet-isolated", false },                            // the local host without a host name
        { null, "localhost:7071", "dotnet-isolated", false },                // func start (Core Tools)
        { null, "127.0.0.1:7071", "dotnet-isolated", false },                // the local host
        { null, "[::1]:7071", "dotnet-isolated", false },
        { null, "LOCALHOST", null, false },
        { InstanceId, null, "dotnet-isolated", true },                       // an Azure instance, whatever else
        { InstanceId, "localhost:7071", null, true },
        { InstanceId, "myapp.azurewebsites.net", "dotnet-isolated", true },
        { null, "myapp.azurewebsites.net", "dotnet-isolated", true },        // a public host name fails closed
        { null, "mcp.example.com", null, true },
        { null, "10.0.0.4:8080", null, true },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public void AuthDisabled_IsRefusedExactlyOnAzure(string? instanceId, string? hostName, string? workerRuntime, bool onAzure)
    {
        var validator = new AuthOptionsValidator(Environment("Development"), Configuration(instanceId, hostName, workerRuntime));

        var result = validator.Validate(null, new AuthOptions { Mode = AuthMode.Disabled });

        Assert.Equal(onAzure, result.Failed);
        if (onAzure)
        {
            Assert.Contains("Auth:Mode is Disabled but the app runs on Azure", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void DevelopmentSignIn_IsRefusedExactlyOnAzure(string? instanceId, string? hostName, string? workerRuntime, bool onAzure)
    {
        var validator = new UpstreamOptionsValidator(
            Environment("Development"),
            Configuration(instanceId, hostName, workerRuntime),
            Options.Create(new AuthOptions { Mode = AuthMode.Facade }));

        var result = validator.Validate(null, new FacadeOptions { Upstream = { Kind = UpstreamKind.Development } });

        Assert.Equal(onAzure, result.Failed);
        if (onAzure)
        {
            Assert.Contains("Facade:Upstream:Kind is Development", result.FailureMessage, StringComparison.Ordinal);
            Assert.Contains("runs on Azure", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void AuthDisabled_OutsideDevelopment_IsRefusedEverywhere(string? instanceId, string? hostName, string? workerRuntime, bool onAzure)
    {
        _ = onAzure;
        var validator = new AuthOptionsValidator(Environment("Production"), Configuration(instanceId, hostName, workerRuntime));

        var result = validator.Validate(null, new AuthOptions { Mode = AuthMode.Disabled });

        Assert.True(result.Failed);
    }

    [Theory]
    [InlineData(null, "myapp.azurewebsites.net", "https://myapp.azurewebsites.net/")]
    [InlineData(null, "MyApp.AzureWebsites.NET", "https://myapp.azurewebsites.net/")]
    [InlineData(null, "localhost:7071", "http://localhost:7071/")]
    [InlineData(null, "127.0.0.1:7071", "http://127.0.0.1:7071/")]
    [InlineData(null, "[::1]:7071", "http://[::1]:7071/")]
    [InlineData("https://mcp.example.com", "myapp.azurewebsites.net", "https://mcp.example.com/")]
    [InlineData("https://mcp.example.com", "localhost:7071", "https://mcp.example.com/")]
    public void PublicBaseUrl_ComesFromConfigurationThenWebsiteHostName(string? configured, string hostName, string expected)
    {
        var urls = new PublicUrls(
            Options.Create(new PublicUrlOptions { PublicBaseUrl = configured }),
            Configuration(null, hostName, "dotnet-isolated"),
            new NoServer());

        Assert.Equal(new Uri(expected), urls.ResolveBaseUri());
    }

    private static IConfiguration Configuration(string? instanceId, string? hostName, string? workerRuntime) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunctionsHostingEnvironment.WebsiteInstanceIdVariable] = instanceId,
            [FunctionsHostingEnvironment.WebsiteHostNameVariable] = hostName,
            [FunctionsHostingEnvironment.WorkerRuntimeVariable] = workerRuntime,
        }).Build();

    private static HostingEnvironment Environment(string name) =>
        new() { EnvironmentName = name, ApplicationName = "McpFunctions", ContentRootPath = AppContext.BaseDirectory, ContentRootFileProvider = new NullFileProvider() };

    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
