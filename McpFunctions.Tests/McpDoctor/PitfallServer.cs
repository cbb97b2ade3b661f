using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// A small MCP server with its own authorization server, on Kestrel at a loopback port, that does everything the way
/// Claude needs — unless switched into one <see cref="Pitfall"/>. It lives in the tests only: the broken behaviours
/// must never exist in the product. Tokens are opaque-signature JWT-shaped strings it remembers; nothing is verified
/// cryptographically because only the doctor talks to it.
/// </summary>
internal sealed class PitfallServer : IAsyncDisposable
{
    private const string Version = "2025-06-18";
    private readonly WebApplication _app;
    private readonly Pitfall _pitfall;
    private readonly ConcurrentDictionary<string, string> _sessions = new();
    private readonly ConcurrentDictionary<string, bool> _accessTokens = new();
    private readonly ConcurrentDictionary<string, (string Challenge, string Resource)> _codes = new();
    // refresh token → (its successor once rotated, whether the successor has been used)
    private readonly ConcurrentDictionary<string, string?> _refreshTokens = new();

    private PitfallServer(WebApplication app, Pitfall pitfall)
    {
        _app = app;
        _pitfall = pitfall;
    }

    public string BaseUrl { get; private set; } = "";

    public string McpUrl => BaseUrl + "/mcp";

    /// <summary>Every Authorization header value the server received, by path (to prove where the token went).</summary>
    public ConcurrentQueue<(string Path, string? Authorization)> Received { get; } = new();

    public static async Task<PitfallServer> StartAsync(Pitfall pitfall)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new PitfallServer(app, pitfall);
        server.Map();
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    private bool Is(Pitfall pitfall) => _pitfall == pitfall;

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            Received.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Authorization.FirstOrDefault()));
            if (context.Request.Headers.Origin.Count > 0)
            {
                context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin.ToString();
                context.Response.Headers.AccessControlExposeHeaders = Is(Pitfall.SessionIdNotExposed) ? "WWW-Authenticate, MCP-Protocol-Version" : "Mcp-Session-Id, WWW-Authenticate, MCP-Protocol-Version";
            }

            await next(context);
        });

        _app.MapGet("/.well-known/oauth-protected-resource/mcp", ProtectedResource);
        if (!Is(Pitfall.MissingRootProtectedResource))
        {
            _app.MapGet("/.well-known/oauth-protected-resource", ProtectedResource);
        }

        if (!Is(Pitfall.OnlyOpenIdConfiguration))
        {
            _app.MapGet("/.well-known/oauth-authorization-server", AuthorizationServer);
        }

        _app.MapGet("/.well-known/openid-configuration", AuthorizationServer);
        _app.MapPost("/register", (Delegate)RegisterAsync);
        _app.MapGet("/authorize", (Delegate)Authorize);
        _app.MapPost("/token", (Delegate)TokenAsync);
        _app.MapMethods("/mcp", ["HEAD"], context =>
        {
            if (!Is(Pitfall.HeadWithoutVersion))
            {
                context.Response.Headers["MCP-Protocol-Version"] = Version;
            }

            return Task.CompletedTask;
        });
        _app.MapMethods("/mcp", ["OPTIONS"], context =>
        {
            context.Response.StatusCode = Is(Pitfall.PreflightRefused) ? 403 : 204;
            if (Is(Pitfall.PreflightRefused))
            {
                context.Response.Headers.Remove("Access-Control-Allow-Origin");
                return Task.CompletedTask;
            }

            context.Response.Headers.AccessControlAllowMethods = "GET, POST, DELETE, HEAD, OPTIONS";
            context.Response.Headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders.ToString();
            return Task.CompletedTask;
        });
        _app.MapGet("/mcp", context =>
        {
            if (!Authorized(context))
            {
                return Challenge(context);
            }

            context.Response.StatusCode = Is(Pitfall.Get501) ? 501 : 405;
            context.Response.Headers.Allow = "POST, DELETE";
            return Task.CompletedTask;
        });
        _app.MapDelete("/mcp", context =>
        {
            context.Response.StatusCode = !Authorized(context) ? 401 : _sessions.TryRemove(context.Request.Headers["Mcp-Session-Id"].ToString(), out _) ? 204 : 404;
            return Task.CompletedTask;
        });
        _app.MapPost("/mcp", McpAsync);
    }

    private IResult ProtectedResource() => Results.Json(new JsonObject
    {
        ["resource"] = Is(Pitfall.ResourceMismatch) ? BaseUrl + "/other" : McpUrl,
        ["authorization_servers"] = new JsonArray(BaseUrl),
        ["scopes_supported"] = new JsonArray("mcp"),
    });

    private IResult AuthorizationServer() => Results.Json(new JsonObject
    {
        ["issuer"] = BaseUrl,
        ["authorization_endpoint"] = BaseUrl + "/authorize",
        ["token_endpoint"] = BaseUrl + "/token",
        ["registration_endpoint"] = BaseUrl + "/register",
        ["response_types_supported"] = new JsonArray("code"),
        ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token"),
        ["code_challenge_methods_supported"] = Is(Pitfall.MissingS256) ? new JsonArray("plain") : new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = Is(Pitfall.NoNoneAuthMethod) ? new JsonArray("client_secret_basic") : new JsonArray("none"),
        ["client_id_metadata_document_supported"] = true,
        ["authorization_response_iss_parameter_supported"] = true,
    });

    private async Task<IResult> RegisterAsync(HttpContext context)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
        if (Is(Pitfall.RegistrationRejectsClaudeBody) && body["scope"]?.ToString() == "claudeai")
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client_metadata", ["error_description"] = "unknown scope claudeai" }, statusCode: 400);
        }

        body["client_id"] = Guid.NewGuid().ToString();
        return Results.Json(body, statusCode: 201);
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        var redirect = query["redirect_uri"].ToString();
        var code = Random();
        _codes[code] = (query["code_challenge"].ToString(), query["resource"].ToString());
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}&iss={Uri.EscapeDataString(BaseUrl)}");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        string resource;
        if (form["grant_type"] == "authorization_code")
        {
            if (!_codes.TryRemove(form["code"].ToString(), out var pending)
                || pending.Challenge != Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))).TrimEnd('=').Replace('+', '-').Replace('/', '_'))
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
            }

            resource = pending.Resource;
        }
        else
        {
            var presented = form["refresh_token"].ToString();
            if (!_refreshTokens.TryGetValue(presented, out var successor))
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
            }

            // The previous token stays valid until its successor is first used.
            if (successor is not null && (Is(Pitfall.PreviousRefreshTokenRefused) || _refreshTokens.GetValueOrDefault(successor) is not null))
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
            }

            resource = form["resource"].ToString();
            var next = Random();
            _refreshTokens[presented] = next;
            _refreshTokens[next] = null;
            return Results.Json(Tokens(resource, next));
        }

        var refresh = Random();
        _refreshTokens[refresh] = null;
        return Results.Json(Tokens(resource, Is(Pitfall.NoRefreshToken) ? null : refresh));
    }

    private JsonObject Tokens(string resource, string? refresh)
    {
        var payload = new JsonObject { ["iss"] = BaseUrl, ["aud"] = Is(Pitfall.WrongAudience) ? "https://elsewhere.example" : resource, ["sub"] = "doctor", ["jti"] = Random() };
        var access = $"{B64("""{"alg":"none"}""")}.{B64(payload.ToJsonString())}.{Random()}";
        _accessTokens[access] = true;
        var json = new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = Is(Pitfall.ExpiresInString) ? JsonValue.Create("3600") : JsonValue.Create(3600),
        };
        if (refresh is not null)
        {
            json["refresh_token"] = refresh;
        }

        return json;
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.ContainsKey(header[7..]);
    }

    private Task Challenge(HttpContext context)
    {
        context.Response.StatusCode = 401;
        var metadata = Is(Pitfall.RelativeResourceMetadata) ? "/.well-known/oauth-protected-resource/mcp" : BaseUrl + "/.well-known/oauth-protected-resource/mcp";
        context.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{metadata}\"" + (Is(Pitfall.ChallengeWithoutScope) ? "" : ", scope=\"mcp\"");
        return Task.CompletedTask;
    }

    private async Task McpAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Challenge(context);
            return;
        }

        var message = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
        var method = message["method"]?.ToString();
        var id = message["id"]?.DeepClone();
        var header = context.Request.Headers["MCP-Protocol-Version"].FirstOrDefault();
        if (method == "initialize")
        {
            var session = Random();
            _sessions[session] = message["params"]?["protocolVersion"]?.ToString() ?? Version;
            context.Response.Headers["Mcp-Session-Id"] = session;
            await Reply(context, id, new JsonObject { ["protocolVersion"] = Version, ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() }, ["serverInfo"] = new JsonObject { ["name"] = "pitfall", ["version"] = "1.0.0" } });
            return;
        }

        if (id is null)
        {
            context.Response.StatusCode = Is(Pitfall.InitializedAnswers200) ? 200 : 202;
            if (Is(Pitfall.InitializedAnswers200))
            {
                await context.Response.WriteAsJsonAsync(new JsonObject { ["jsonrpc"] = "2.0", ["result"] = new JsonObject() });
            }

            return;
        }

        var modern = message["params"]?["_meta"]?["io.modelcontextprotocol/protocolVersion"]?.ToString();
        if (modern is not null)
        {
            if (Is(Pitfall.BodyVersionLosesToHeader) && header != modern)
            {
                await Error(context, id, 400, -32020, "header mismatch");
                return;
            }

            await Dispatch(context, id, method);
            return;
        }

        var sessionId = context.Request.Headers["Mcp-Session-Id"].FirstOrDefault();
        if (sessionId is null)
        {
            await Error(context, id, 400, -32600, "missing session");
            return;
        }

        if (!_sessions.TryGetValue(sessionId, out var negotiated))
        {
            await Error(context, id, Is(Pitfall.ExpiredSession400) ? 400 : 404, -32001, "session not found");
            return;
        }

        if (Is(Pitfall.VersionHeaderIntolerant) && header is not null && header != negotiated)
        {
            await Error(context, id, 400, -32600, "version mismatch");
            return;
        }

        await Dispatch(context, id, method);
    }

    private static Task Dispatch(HttpContext context, JsonNode? id, string? method) => method switch
    {
        "server/discover" => Reply(context, id, new JsonObject { ["supportedVersions"] = new JsonArray("2026-07-28"), ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() } }),
        "tools/list" => Reply(context, id, new JsonObject { ["tools"] = new JsonArray(new JsonObject { ["name"] = "ping", ["inputSchema"] = new JsonObject { ["type"] = "object" } }) }),
        "tools/call" => Reply(context, id, new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "pong" }) }),
        _ => Error(context, id, 200, -32601, "method not found"),
    };

    private static Task Reply(HttpContext context, JsonNode? id, JsonObject result) =>
        context.Response.WriteAsJsonAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result });

    private static Task Error(HttpContext context, JsonNode? id, int status, int code, string text)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = text } });
    }

    private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
