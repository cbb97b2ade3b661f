using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>A loopback Kestrel server that answers every request in one hostile way (tests only).</summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileServer(WebApplication app, string url)
    {
        _app = app;
        McpUrl = url;
    }

    public string McpUrl { get; }

    public static async Task<HostileServer> StartAsync(Hostility hostility)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var tls = hostility == Hostility.SelfSignedTls;
        builder.WebHost.UseUrls();
        builder.Services.Configure<KestrelServerOptions>(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tls)
            {
                listen.UseHttps(SelfSigned());
            }
        }));
        var app = builder.Build();
        app.Run(context => AnswerAsync(context, hostility));
        await app.StartAsync();
        var address = app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return new HostileServer(app, address + "/mcp");
    }

    private static async Task AnswerAsync(HttpContext context, Hostility hostility)
    {
        switch (hostility)
        {
            case Hostility.HtmlEverywhere:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<!doctype html><html><body><h1>Welcome to our website</h1></body></html>");
                break;
            case Hostility.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":""");
                break;
            case Hostility.TenMegabytes:
                context.Response.ContentType = "application/json";
                var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                for (var i = 0; i < 160 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }

                break;
            case Hostility.Hangs:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case Hostility.RedirectLoop:
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = context.Request.Path.Value == "/mcp" ? "/mcp/" : "/mcp";
                break;
            case Hostility.HtmlMetadata when context.Request.Path == "/mcp" && context.Request.Method == "POST":
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{context.Request.Scheme}://{context.Request.Host}/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\"";
                break;
            case Hostility.HtmlMetadata:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>Sign in</body></html>");
                break;
            default:
                await context.Response.WriteAsync("ok");
                break;
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=hostile.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
