using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// The real app, composed exactly as Program.cs does, on Kestrel at a free loopback port. Tests talk to it
/// over HTTP like any client. Settings override configuration; logs are captured for assertions.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, Uri baseAddress, CapturedLogs logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        string environment = "Development")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "McpFunctions",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);

        builder.AddMcpFunctions();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapMcpFunctions();
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new TestApp(app, address, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
