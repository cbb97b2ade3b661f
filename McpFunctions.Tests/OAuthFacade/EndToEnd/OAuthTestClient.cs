using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>An OAuth client of the façade, as Claude or an SDK client would be: registration, PKCE, the authorize URL, token requests.</summary>
internal sealed class OAuthTestClient(FacadeTestApp app)
{
    public const string ClaudeCallback = "https://claude.ai/api/mcp/auth_callback";

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>POST /register with a raw JSON body; the status and the parsed body.</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> RegisterAsync(string json)
    {
        var response = await app.Client.PostAsync("/register", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>A public client registered as the second seed's Claude does it, but returning to <paramref name="redirectUri"/>.</summary>
    public async Task<string> RegisterPublicClientAsync(string redirectUri = ClaudeCallback, string grantTypes = """["authorization_code","refresh_token"]""")
    {
        var (status, body, _) = await RegisterAsync($$"""
            {"client_name":"claudeai","grant_types":{{grantTypes}},"response_types":["code"],"token_endpoint_auth_method":"none","scope":"claudeai","redirect_uris":["{{redirectUri}}"]}
            """);
        Assert.Equal(201, status);
        return body.GetProperty("client_id").GetString()!;
    }

    public Uri AuthorizeUrl(IEnumerable<KeyValuePair<string, string?>> parameters) =>
        new(app.BaseAddress, "/authorize?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value!))));

    public Uri AuthorizeUrl(string clientId, string redirectUri, string challenge, string state = "client-state", string? scope = "mcp:read mcp:execute", string? resource = null) =>
        AuthorizeUrl(
        [
            new("response_type", "code"),
            new("client_id", clientId),
            new("redirect_uri", redirectUri),
            new("code_challenge", challenge),
            new("code_challenge_method", "S256"),
            new("state", state),
            new("scope", scope),
            new("resource", resource ?? app.Issuer + "/mcp"),
        ]);

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> TokenAsync(IDictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(credentials.Id) + ":" + Uri.EscapeDataString(credentials.Secret))));
        }

        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> RedeemAsync(string clientId, string code, string redirectUri, string verifier) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        });

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> RefreshAsync(string clientId, string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return TokenAsync(form);
    }

    /// <summary>The whole flow for a registered public client: browser (consent + upstream sign-in) → code → tokens.</summary>
    public async Task<AuthorizationOutcome> AuthorizeAndRedeemAsync(string clientId, string redirectUri, string subject = "alice")
    {
        var (verifier, challenge) = NewPkce();
        using var browser = new FacadeBrowser();
        var final = await browser.RunAsync(AuthorizeUrl(clientId, redirectUri, challenge), redirectUri, subject);
        var code = Query(final)["code"];
        var (status, body, response) = await RedeemAsync(clientId, code, redirectUri, verifier);
        response.Dispose();
        Assert.True(status == 200, $"token endpoint answered {status}: {body}");
        return new AuthorizationOutcome(code, verifier, body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!, body, browser.UpstreamCallback);
    }

    /// <summary>An MCP tools/list with a bearer token (legacy era: initialize first); the HTTP status of the first refusal or 200.</summary>
    public async Task<int> McpToolsListStatusAsync(string accessToken)
    {
        using var initialize = McpRequest(accessToken, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"facade-tests","version":"1"}}}""", null);
        using var initialized = await app.Client.SendAsync(initialize);
        if (initialized.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return (int)initialized.StatusCode;
        }

        var session = initialized.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.First() : null;
        using var list = McpRequest(accessToken, """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""", session);
        using var listed = await app.Client.SendAsync(list);
        return (int)listed.StatusCode;
    }

    public static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);

    private static HttpRequestMessage McpRequest(string accessToken, string json, string? session)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        return request;
    }
}
