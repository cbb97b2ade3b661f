using System.Net;
using System.Net.Sockets;
using McpFunctions.OAuthFacade;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>
/// The real app composed as Program.cs does (plus the façade's idempotent <c>AddOAuthFacade</c>, so this is the same
/// app whether or not the composition root already calls it), its functions routed from their attributes on Kestrel
/// at a loopback port chosen before start — the upstream provider must know the callback URL first.
/// </summary>
internal sealed class FacadeTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FacadeTestApp(WebApplication app, Uri baseAddress, string issuer, CapturedLogs logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Issuer = issuer;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The issuer: the public base URL without a trailing slash (this instance's own address unless it is a second instance).</summary>
    public string Issuer { get; }

    /// <summary>A plain client (no redirects followed, no cookies): what a back-channel OAuth client is.</summary>
    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<FacadeTestApp> StartAsync(
        int port, IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null, string environment = "Development", string? publicBaseUrl = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "McpFunctions",
        });
        var baseUrl = $"http://127.0.0.1:{port}";
        // Another instance of the same deployment listens elsewhere but publishes the first one's URL.
        var all = new Dictionary<string, string?>(settings) { ["Mcp:PublicBaseUrl"] = publicBaseUrl ?? baseUrl };
        builder.Configuration.AddInMemoryCollection(all);
        builder.WebHost.UseUrls(baseUrl);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);

        builder.AddMcpFunctions();
        builder.Services.AddOAuthFacade(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapMcpFunctions();
        await app.StartAsync();
        return new FacadeTestApp(app, new Uri(baseUrl + "/"), publicBaseUrl ?? baseUrl, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
