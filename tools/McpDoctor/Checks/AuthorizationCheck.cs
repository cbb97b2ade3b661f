using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpDoctor.Findings;
using McpDoctor.Http;
using McpDoctor.Login;
using McpDoctor.Output;

namespace McpDoctor.Checks;

/// <summary>
/// The sign-in, as Claude Code runs it (--login): loopback redirect, PKCE S256, <c>resource</c> (RFC 8707), then the
/// token response fields Claude parses, the token's audience, a refresh and its rotation, and a replay of the
/// rotated-out refresh token (Claude Code may present the previous one: anthropics/claude-code#59460). With --token,
/// only the audience. The access token goes to the MCP endpoint only; refresh tokens only to the token endpoint.
/// </summary>
internal sealed class AuthorizationCheck : IDoctorCheck
{
    private const string SignInFails = "The sign-in window closes with an error and the connector stays disconnected.";

    public async Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Settings.Token is { } given)
        {
            context.Tokens.AccessToken = given;
            context.Pass(Stage.Authorization, "auth.token", $"token from --token ({Mask.Token(given)})");
            Audience(context, given);
            return;
        }

        if (!context.Settings.Login)
        {
            context.Skip(Stage.Authorization, "auth.login", context.AuthRequired == true ? "sign-in not tried: pass --login (or --token) to check it and the authenticated transport" : "no authorization required");
            return;
        }

        if (context.AuthRequired != true || context.AuthorizationServer is null)
        {
            context.Skip(Stage.Authorization, "auth.login", context.AuthRequired == false ? "no authorization required" : "no authorization-server metadata");
            return;
        }

        var metadata = context.AuthorizationServer;
        if (context.LoopbackClientId is null || context.Listener is null
            || !Uri.TryCreate(metadata["authorization_endpoint"]?.ToString(), UriKind.Absolute, out var authorize)
            || !Uri.TryCreate(metadata["token_endpoint"]?.ToString(), UriKind.Absolute, out var tokenEndpoint))
        {
            context.Skip(Stage.Authorization, "auth.login", "no loopback client registration or no authorization/token endpoint to sign in with");
            return;
        }

        var redirectUri = $"http://localhost:{context.Listener.Port}/callback";
        var verifier = Pkce.NewVerifier();
        var state = Pkce.NewVerifier();
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = context.LoopbackClientId,
            ["redirect_uri"] = redirectUri,
            ["code_challenge"] = Pkce.Challenge(verifier),
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["resource"] = context.CanonicalResource,
            ["scope"] = context.Scope,
        };
        var url = new Uri(authorize + (authorize.Query.Length > 0 ? "&" : "?") + string.Join('&', query.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}")));

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(context.Settings.LoginTimeout);
        Uri callback;
        try
        {
            var waiting = context.Listener.WaitAsync(wait.Token);
            await context.Settings.Browser.OpenAsync(url, wait.Token);
            callback = await waiting;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            context.Fail(Stage.Authorization, "auth.login", $"no redirect to {redirectUri} within {context.Settings.LoginTimeout.TotalSeconds:0} s", SignInFails,
                "Finish the sign-in in the browser; if the page errored, its message names the problem (often the redirect URI).");
            return;
        }

        var parameters = ParseQuery(callback.Query);
        if (parameters.TryGetValue("error", out var error))
        {
            context.Fail(Stage.Authorization, "auth.login", $"authorization error {error}: {McpWire.Shorten(parameters.GetValueOrDefault("error_description") ?? "")}", SignInFails,
                "Accept loopback redirect URIs on any port (RFC 8252 §7.3), PKCE S256 and the resource parameter (RFC 8707).");
            return;
        }

        if (parameters.GetValueOrDefault("state") != state || parameters.GetValueOrDefault("code") is not { Length: > 0 } code)
        {
            context.Fail(Stage.Authorization, "auth.login", "the redirect came back without the code or with another state", SignInFails, "Return code and the unchanged state to the redirect URI (RFC 6749 §4.1.2).");
            return;
        }

        var issuer = metadata["issuer"]?.ToString();
        if (parameters.TryGetValue("iss", out var iss) && iss != issuer)
        {
            context.Fail(Stage.Authorization, "auth.login", $"iss={iss} in the redirect, the issuer is {issuer}", SignInFails, "Send the issuer's exact identifier as iss (RFC 9207 §2).");
            return;
        }

        context.Pass(Stage.Authorization, "auth.login", "authorization code received on the loopback redirect" + (parameters.ContainsKey("iss") ? ", iss matches" : ""));

        var exchange = await TokenRequestAsync(context, tokenEndpoint, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = context.LoopbackClientId,
            ["code_verifier"] = verifier,
            ["resource"] = context.CanonicalResource,
        }, cancellationToken);
        if (!TokenResponse(context, "auth.token-response", exchange, SignInFails, out var accessToken, out var refreshToken))
        {
            return;
        }

        context.Tokens.AccessToken = accessToken;
        Audience(context, accessToken);
        if (refreshToken is null)
        {
            context.Warn(Stage.Authorization, "auth.refresh", "no refresh_token in the token response",
                "Tools disappear when the access token expires (often after an hour); the user must reconnect.",
                "Issue refresh tokens to public clients that asked for the refresh_token grant (OAuth 2.1 §4.3).");
            return;
        }

        await RefreshAsync(context, tokenEndpoint, refreshToken, cancellationToken);
    }

    private static async Task RefreshAsync(DoctorContext context, Uri tokenEndpoint, string first, CancellationToken cancellationToken)
    {
        var refreshed = await TokenRequestAsync(context, tokenEndpoint, Refresh(context, first), cancellationToken);
        const string Expiry = "Tools disappear after the access token expires (often after an hour); the user must sign in again.";
        if (!TokenResponse(context, "auth.refresh", refreshed, Expiry, out var newAccess, out var second))
        {
            return;
        }

        context.Tokens.AccessToken = newAccess;
        if (second is null || second == first)
        {
            context.Pass(Stage.Authorization, "auth.rotation", "refresh token not rotated (accepted; rotation is recommended for public clients)");
            return;
        }

        var replay = await TokenRequestAsync(context, tokenEndpoint, Refresh(context, first), cancellationToken);
        if (replay.Ok && replay.Status == 200)
        {
            context.Pass(Stage.Authorization, "auth.rotation", "rotated; the previous refresh token is still honoured until the new one is used (what Claude Code needs)");
            return;
        }

        replay.TryJsonObject(out var body, out _);
        if (replay.Ok && replay.Status == 400 && body["error"]?.ToString() == "invalid_grant")
        {
            context.Warn(Stage.Authorization, "auth.rotation", "rotated; the previous refresh token is refused at once (invalid_grant)",
                "Claude Code, which can present the previous refresh token (anthropics/claude-code#59460), is signed out and must log in again.",
                "Keep the previous refresh token valid until the new one is first used (then treat older tokens as reuse).", Clients.ClaudeCode);
            return;
        }

        context.Fail(Stage.Authorization, "auth.rotation", $"replaying the previous refresh token: {replay.Describe()}",
            "A retried refresh breaks the connection instead of a clean invalid_grant.",
            "Answer a reused refresh token with 400 invalid_grant (RFC 6749 §5.2), never a server error.");
    }

    private static Dictionary<string, string?> Refresh(DoctorContext context, string refreshToken) => new()
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = context.LoopbackClientId,
        ["resource"] = context.CanonicalResource,
    };

    private static Task<ProbeResponse> TokenRequestAsync(DoctorContext context, Uri tokenEndpoint, Dictionary<string, string?> form, CancellationToken cancellationToken)
    {
        var body = string.Join('&', form.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
        return context.SendAsync(new ProbeRequest(HttpMethod.Post, tokenEndpoint) { Body = body, ContentType = "application/x-www-form-urlencoded", FollowRedirects = false }.WithHeader("Accept", "application/json"), cancellationToken);
    }

    /// <summary>The fields Claude reads (Claude troubleshooting guide, "Token endpoint errors"): access_token, token_type Bearer, integer expires_in, refresh_token.</summary>
    private static bool TokenResponse(DoctorContext context, string id, ProbeResponse response, string symptom, out string accessToken, out string? refreshToken)
    {
        accessToken = "";
        refreshToken = null;
        if (!response.TryJsonObject(out var json, out var why) || response.Status != 200)
        {
            var reason = json["error"] is null ? (response.Ok && response.Status != 200 ? $"HTTP {response.Status}" : why) : $"HTTP {response.Status} {json["error"]}: {McpWire.Shorten(json["error_description"]?.ToString() ?? "")}";
            context.Fail(Stage.Authorization, id, reason, symptom, "Accept the request as a public client with PKCE and resource; answer 200 with the token JSON.");
            return false;
        }

        var problems = new List<string>();
        if (json["access_token"]?.GetValueKind() != JsonValueKind.String)
        {
            problems.Add("no access_token");
        }

        if (!string.Equals(json["token_type"]?.ToString(), "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"token_type {json["token_type"]?.ToJsonString() ?? "missing"}");
        }

        var expires = json["expires_in"];
        if (expires is null || expires.GetValueKind() != JsonValueKind.Number || !long.TryParse(expires.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"expires_in {expires?.ToJsonString() ?? "missing"} (must be an integer number of seconds)");
        }

        refreshToken = json["refresh_token"]?.GetValueKind() == JsonValueKind.String ? json["refresh_token"]!.ToString() : null;
        if (problems.Count > 0)
        {
            context.Fail(Stage.Authorization, id, string.Join("; ", problems),
                "Claude cannot parse the token response: the sign-in appears to succeed, then the connector is disconnected.",
                "Return access_token, token_type \"Bearer\" and expires_in as a JSON integer (RFC 6749 §5.1).");
            return false;
        }

        accessToken = json["access_token"]!.ToString();
        var observed = $"token_type Bearer, expires_in {expires}, " + (refreshToken is null ? "no refresh_token" : "refresh_token present") + $", access token {Mask.Token(accessToken)}";
        context.Pass(Stage.Authorization, id, observed);
        return true;
    }

    /// <summary>A JWT's aud must name this endpoint (RFC 8707; MCP authorization "Token Audience Binding"); an opaque token cannot be read here.</summary>
    private static void Audience(DoctorContext context, string token)
    {
        var claims = Claims(token);
        context.AccessTokenClaims = claims;
        if (claims is null)
        {
            context.Pass(Stage.Authorization, "auth.audience", token.Count(c => c == '.') == 4 ? "encrypted token (JWE): audience not visible from outside" : "opaque token: audience not visible from outside");
            return;
        }

        var audiences = claims["aud"] switch
        {
            JsonArray array => array.Select(a => a?.ToString() ?? "").ToList(),
            JsonNode node => [node.ToString()],
            _ => [],
        };
        var canonical = context.CanonicalResource;
        if (audiences.Any(a => string.Equals(a.TrimEnd('/'), canonical, StringComparison.Ordinal)))
        {
            context.Pass(Stage.Authorization, "auth.audience", "aud = " + string.Join(", ", audiences));
        }
        else
        {
            context.Warn(Stage.Authorization, "auth.audience", "aud = " + (audiences.Count == 0 ? "(none)" : string.Join(", ", audiences)) + $", the endpoint is {canonical}",
                "A server that checks audience (as it must) answers 401 to every call; one that does not accepts tokens meant for others.",
                "Issue tokens whose aud is the resource the client asked for (RFC 8707 §2), and validate it.");
        }
    }

    internal static JsonObject? Claims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload += new string('=', (4 - (payload.Length % 4)) % 4);
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((at < 0 ? pair : pair[..at]).Replace('+', ' '));
            result[key] = at < 0 ? "" : Uri.UnescapeDataString(pair[(at + 1)..].Replace('+', ' '));
        }

        return result;
    }
}
