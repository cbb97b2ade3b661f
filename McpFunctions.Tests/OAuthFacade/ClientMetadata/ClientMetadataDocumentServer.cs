using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.OAuthFacade.ClientMetadata;

/// <summary>
/// A client's metadata-document host on loopback Kestrel (plain http: the façade fetches loopback client ids over
/// http only with the test-only <c>AllowLoopbackHostsForTesting</c>). Each path answers as configured — a document,
/// a status, a delay, a redirect — and counts its requests.
/// </summary>
internal sealed class ClientMetadataDocumentServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DocumentResponse> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public int Port { get; private set; }

    public static async Task<ClientMetadataDocumentServer> StartAsync()
    {
        var server = new ClientMetadataDocumentServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        server._app = app;
        server.Port = new Uri(app.Urls.First()).Port;
        return server;
    }

    /// <summary>The client id for a path: the https URL an MCP client would present.</summary>
    public string ClientIdFor(string path) => $"https://127.0.0.1:{Port}{path}";

    public void Serve(string path, DocumentResponse response) => _responses[path] = response;

    /// <summary>A valid document for <paramref name="path"/>, naming itself and returning to <paramref name="redirectUri"/>.</summary>
    public string ServeValid(string path, string redirectUri, string clientName = "Example MCP Client", string? cacheControl = "max-age=600")
    {
        var clientId = ClientIdFor(path);
        Serve(path, new DocumentResponse(Body: Document(clientId, redirectUri, clientName), CacheControl: cacheControl));
        return clientId;
    }

    public static string Document(string clientId, string redirectUri, string clientName = "Example MCP Client", string authMethod = "none") => $$"""
        {
          "client_id": "{{clientId}}",
          "client_name": "{{clientName}}",
          "client_uri": "https://client.example",
          "redirect_uris": ["{{redirectUri}}"],
          "grant_types": ["authorization_code", "refresh_token"],
          "response_types": ["code"],
          "token_endpoint_auth_method": "{{authMethod}}"
        }
        """;

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_responses.TryGetValue(path, out var answer))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, context.RequestAborted);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Location is not null)
        {
            context.Response.Headers.Location = answer.Location;
        }

        if (answer.CacheControl is not null)
        {
            context.Response.Headers.CacheControl = answer.CacheControl;
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        }
    }
}
