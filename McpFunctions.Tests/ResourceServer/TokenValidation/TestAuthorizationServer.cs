using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.ResourceServer.TokenValidation;

/// <summary>
/// A small authorization server of the test's own on Kestrel at a loopback port: OIDC discovery, a JWKS of
/// keys the test generated (and can rotate), and userinfo/introspection endpoints whose answers the test
/// chooses. It lets tests sign tokens oidc-provider would never issue (expired, wrong issuer, alg none) and
/// simulate IdP faults, over real HTTP. Every request is counted by path.
/// </summary>
internal sealed class TestAuthorizationServer : IAsyncDisposable
{
    public const string JwksPath = "/jwks";
    public const string UserinfoPath = "/userinfo";
    public const string IntrospectionPath = "/introspect";
    public const string DiscoveryPath = "/.well-known/openid-configuration";

    private static readonly string[] SigningAlgorithms = ["RS256"];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<TestSigningKey> _published = [];

    private TestAuthorizationServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>The issuer the discovery document names; null: <see cref="Issuer"/>.</summary>
    public string? PublishedIssuer { get; set; }

    /// <summary>The jwks_uri the discovery document names; null: this server's <see cref="JwksPath"/>.</summary>
    public string? PublishedJwksUri { get; set; }

    /// <summary>When set, every request is answered with this status and no body (an IdP outage).</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>When set, JWKS requests wait for it before they are answered (to hold a reload in flight).</summary>
    public Task? JwksGate { get; set; }

    /// <summary>Answers userinfo requests; default 401.</summary>
    public Func<HttpContext, Task> Userinfo { get; set; } = context =>
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    };

    /// <summary>Answers introspection requests; default <c>{"active":false}</c>.</summary>
    public Func<HttpContext, Task> Introspection { get; set; } = context => context.Response.WriteAsync("""{"active":false}""");

    public static async Task<TestAuthorizationServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestAuthorizationServer(app);
        server.Map();
        await app.StartAsync();
        server.Issuer = new Uri(app.Urls.First()).GetLeftPart(UriPartial.Authority);
        return server;
    }

    public void Publish(params TestSigningKey[] keys) => _published = keys;

    public int Count(string path) => _counts.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            _counts.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
            if (FailWithStatus is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            await next(context);
        });

        _app.MapGet(DiscoveryPath, () => Results.Text(
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = PublishedIssuer ?? Issuer,
                ["jwks_uri"] = PublishedJwksUri ?? Issuer + JwksPath,
                ["userinfo_endpoint"] = Issuer + UserinfoPath,
                ["introspection_endpoint"] = Issuer + IntrospectionPath,
                ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
            }),
            "application/json"));
        _app.MapGet(JwksPath, async () =>
        {
            if (JwksGate is { } gate)
            {
                await gate;
            }

            return Results.Text(
                JsonSerializer.Serialize(new Dictionary<string, object> { ["keys"] = _published.Select(k => k.PublicJwk()).ToArray() }),
                "application/json");
        });
        _app.MapGet(UserinfoPath, (HttpContext context) => Userinfo(context));
        _app.MapPost(IntrospectionPath, (HttpContext context) => Introspection(context));
    }
}
