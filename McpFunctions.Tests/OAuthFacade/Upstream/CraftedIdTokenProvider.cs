using System.Collections.Concurrent;
using System.Text.Json;
using McpFunctions.Tests.ResourceServer.TokenValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.OAuthFacade.Upstream;

/// <summary>
/// An OpenID provider of the test's own on loopback Kestrel, for ID tokens oidc-provider would never issue (another
/// nonce or audience, expired, unsigned, signed with an unpublished key): discovery, a JWKS of the test's key, an
/// authorize endpoint that signs the user in at once, and a token endpoint answering with the ID token that
/// <see cref="IdToken"/> makes from the claims a correct one would have.
/// </summary>
internal sealed class CraftedIdTokenProvider : IAsyncDisposable
{
    public const string ClientId = "crafted-facade-client";

    private static readonly string[] AuthMethods = ["client_secret_basic"];
    private static readonly string[] Algorithms = ["RS256"];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _nonceByCode = new(StringComparer.Ordinal);

    private CraftedIdTokenProvider(WebApplication app)
    {
        _app = app;
    }

    public string Issuer { get; private set; } = string.Empty;

    public TestSigningKey Key { get; } = new("crafted-key");

    /// <summary>Turns the claims of a correct ID token (iss, aud, sub, nonce, iat, exp) into the one sent; default: signed as is.</summary>
    public Func<Dictionary<string, object?>, string>? IdToken { get; set; }

    public static async Task<CraftedIdTokenProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new CraftedIdTokenProvider(app);
        provider.Map();
        await app.StartAsync();
        provider.Issuer = new Uri(app.Urls.First()).GetLeftPart(UriPartial.Authority);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        Key.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["token_endpoint_auth_methods_supported"] = AuthMethods,
            ["id_token_signing_alg_values_supported"] = Algorithms,
        }), "application/json"));
        _app.MapGet("/jwks", () => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object> { ["keys"] = new[] { Key.PublicJwk() } }), "application/json"));
        _app.MapGet("/authorize", (HttpContext context) =>
        {
            var code = Guid.NewGuid().ToString("N");
            _nonceByCode[code] = context.Request.Query["nonce"].ToString();
            var target = context.Request.Query["redirect_uri"] + "?code=" + code + "&state=" + Uri.EscapeDataString(context.Request.Query["state"].ToString());
            return Results.Redirect(target);
        });
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var nonce = _nonceByCode.TryRemove(form["code"].ToString(), out var n) ? n : string.Empty;
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var claims = new Dictionary<string, object?>
            {
                ["iss"] = Issuer, ["aud"] = ClientId, ["sub"] = "crafted-user", ["nonce"] = nonce, ["iat"] = now, ["exp"] = now + 300,
            };
            var idToken = IdToken?.Invoke(claims) ?? Key.Sign(claims);
            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["access_token"] = "opaque-upstream-access-token", ["token_type"] = "Bearer", ["expires_in"] = 300, ["id_token"] = idToken,
            }), "application/json");
        });
    }
}
