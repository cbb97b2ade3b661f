using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.EndToEnd;

/// <summary>
/// Issue 4: the official MCP TypeScript SDK client with its OAuth support, against the app as a resource
/// server whose authorization server is a real, external OpenID provider — the first seed's flow
/// (Claude.ai ↔ MCP server ↔ Auth0) from an unauthenticated request to a tool result:
/// 401 → PRM (RFC 9728) → AS metadata (RFC 8414) → registration (RFC 7591) → authorize (PKCE S256,
/// RFC 8707 resource) → token → initialize → tools/list → tools/call.
/// </summary>
[Collection(ExternalAuthorizationServerCollectionDefinition.Name)]
public sealed partial class ExternalAuthorizationServerTests(ExternalAuthorizationServerFixture fixture)
{
    [Fact]
    public async Task SdkOAuthClient_FollowsChallengeToPrm_AsMetadata_Registration_Authorize_Token()
    {
        // Act
        var (summary, raw) = await fixture.SdkOAuthRunAsync();
        var http = summary["http"]!.AsArray().Select(e => e!).ToList();
        var appHost = fixture.StrictApp.BaseAddress.Authority;
        var providerHost = fixture.Provider.Issuer.Authority;
        var resource = ExternalAuthorizationServerFixture.McpResource(fixture.StrictApp);

        // Assert: the first MCP POST is refused with the RFC 9728 §5.1 challenge.
        var first = http[0];
        Assert.Equal(("POST", appHost, "/mcp", "initialize", 401), Row(first));
        Assert.False((bool?)first["hasAuthorization"], raw);
        var challenge = (string)first["wwwAuthenticate"]!;
        Assert.StartsWith("Bearer ", challenge, StringComparison.Ordinal);
        var metadataUrl = new Uri(ResourceMetadata().Match(challenge).Groups[1].Value);
        Assert.Equal(appHost, metadataUrl.Authority);
        Assert.Contains("scope=\"mcp:read mcp:execute\"", challenge, StringComparison.Ordinal);

        // PRM from the URL in the challenge, then the AS metadata, registration, authorize, token — in order.
        var prm = IndexOf(http, 1, e => (string?)e["method"] == "GET" && (string?)e["host"] == appHost && (string?)e["path"] == metadataUrl.AbsolutePath);
        Assert.True(prm > 0, raw);
        Assert.Equal(200, (int?)http[prm]["status"]);

        var asMetadata = IndexOf(http, prm + 1, e => (string?)e["host"] == providerHost
            && ((string?)e["path"] is "/.well-known/oauth-authorization-server" or "/.well-known/openid-configuration")
            && (int?)e["status"] == 200);
        Assert.True(asMetadata > prm, raw);

        var registration = IndexOf(http, asMetadata + 1, e => (string?)e["host"] == providerHost && (string?)e["path"] == "/reg");
        Assert.True(registration > asMetadata, raw);
        Assert.Equal(("POST", 201), ((string?)http[registration]["method"], (int?)http[registration]["status"]));
        Assert.True((bool?)summary["clientRegistered"]!["clientIdPresent"], raw);

        var authorize = IndexOf(http, registration + 1, e => (string?)e["host"] == providerHost && (string?)e["path"] == "/auth");
        Assert.True(authorize > registration, raw);
        var query = http[authorize]["query"]!;
        Assert.Equal("S256", (string?)query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty((string?)query["code_challenge"]), raw);
        Assert.Equal("code", (string?)query["response_type"]);
        Assert.Equal(resource, (string?)query["resource"]);
        Assert.Contains("authorization code received", summary["steps"]!.AsArray().Select(s => (string?)s));

        var token = IndexOf(http, authorize + 1, e => (string?)e["host"] == providerHost && (string?)e["path"] == "/token");
        Assert.True(token > authorize, raw);
        Assert.Equal(("POST", 200), ((string?)http[token]["method"], (int?)http[token]["status"]));
        Assert.Equal("authorization_code", (string?)http[token]["form"]!["grant_type"]);
        Assert.True((bool?)http[token]["form"]!["hasCodeVerifier"], raw);
        Assert.Equal(resource, (string?)http[token]["form"]!["resource"]);

        // Nothing reached the MCP endpoint with a token before the token response.
        Assert.DoesNotContain(http.Take(token), e => (bool?)e["hasAuthorization"] == true);
    }

    [Fact]
    public async Task SdkOAuthClient_WithToken_Initializes_ListsTools_AndCallsThem()
    {
        // Act
        var (summary, raw) = await fixture.SdkOAuthRunAsync();
        var http = summary["http"]!.AsArray().Select(e => e!).ToList();
        var token = IndexOf(http, 0, e => (string?)e["path"] == "/token");
        var mcp = http.Skip(token + 1).Where(e => (string?)e["path"] == "/mcp" && (string?)e["method"] == "POST").ToList();

        // Assert: every MCP request after the token carries it and succeeds.
        Assert.All(mcp, e => Assert.True((bool?)e["hasAuthorization"], raw));
        Assert.Equal(
            [("initialize", 200), ("notifications/initialized", 202), ("tools/list", 200), ("tools/call", 200), ("tools/call", 200)],
            mcp.Select(e => ((string?)e["rpcMethod"], (int?)e["status"])).ToArray());
        Assert.True((bool?)mcp[0]["sessionIdPresent"], raw);
        Assert.True((bool?)summary["sessionIdPresent"], raw);

        var toolNames = summary["toolNames"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal<string>(["mcp_execute", "mcp_get_info", "mcp_list", "mcp_search"], toolNames);
        Assert.Contains("\"bmi\"", (string?)summary["toolResults"]!["mcp_list"]!["text"], StringComparison.Ordinal);
        var bmi = summary["toolResults"]!["mcp_execute"]!["structuredContent"]!["results"]![0]!;
        Assert.Equal("bmi", (string?)bmi["name"]);
        Assert.Equal(22.86, (double?)bmi["value"]);
    }

    [Fact]
    public async Task SdkOAuthClient_ReceivesJwt_ForCanonicalResource_AndAppLogsSubjectButNoToken()
    {
        // Act
        var (summary, raw) = await fixture.SdkOAuthRunAsync();

        // Assert: an RFC 9068 JWT for this MCP endpoint, issued by the provider to the logged-in subject.
        var accessToken = summary["accessToken"]!;
        Assert.Equal("jwt", (string?)accessToken["format"]);
        var payload = accessToken["payload"]!;
        var audience = payload["aud"] is JsonArray many ? many.Select(a => (string?)a).ToArray() : [(string?)payload["aud"]];
        Assert.Equal(ExternalAuthorizationServerFixture.McpResource(fixture.StrictApp), Assert.Single(audience));
        Assert.Equal(fixture.Provider.IssuerString, (string?)payload["iss"]);
        Assert.Equal(ExternalAuthorizationServerFixture.Subject, (string?)payload["sub"]);
        Assert.DoesNotContain("eyJ", raw, StringComparison.Ordinal);

        await fixture.StrictApp.WaitForLogAsync($"Token validated for subject {ExternalAuthorizationServerFixture.Subject}");
        // A JWT's header segment always starts "eyJ" (base64url of '{"'): no token, whole or in part, is logged.
        Assert.DoesNotContain("eyJ", fixture.StrictApp.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedPreset_InitializeWithoutToken_AndFirstToolsListTriggersValidation()
    {
        // Arrange
        var app = fixture.SeedApp;
        var resource = ExternalAuthorizationServerFixture.McpResource(app);
        const string subject = "seed-user";
        var client = await fixture.Provider.RegisterClientAsync([OidcProviderOptions.PublicClientRedirectUri]);
        var token = await fixture.Provider.RunAuthorizationCodeFlowAsync(
            client.ClientId, OidcProviderOptions.PublicClientRedirectUri, resource, OidcProviderOptions.McpScopes, subject);

        // Act + Assert: the seed's initialize and notifications/initialized pass without a token.
        var sessionId = await McpHttp.HandshakeAsync(app.Client);
        Assert.DoesNotContain($"Token validated for subject {subject}", app.AllOutput, StringComparison.Ordinal);

        using (var anonymous = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId, "2025-06-18")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("resource_metadata=", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        var request = McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId, "2025-06-18");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        using var listed = await app.Client.SendAsync(request);
        var body = await listed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("\"mcp_execute\"", body, StringComparison.Ordinal);
        await app.WaitForLogAsync($"Token validated for subject {subject}");
        Assert.DoesNotContain(token.AccessToken, app.AllOutput, StringComparison.Ordinal);
    }

    private static (string?, string?, string?, string?, int?) Row(JsonNode e) =>
        ((string?)e["method"], (string?)e["host"], (string?)e["path"], (string?)e["rpcMethod"], (int?)e["status"]);

    private static int IndexOf(List<JsonNode> http, int start, Func<JsonNode, bool> predicate)
    {
        for (var i = start; i < http.Count; i++)
        {
            if (predicate(http[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex("resource_metadata=\"([^\"]+)\"")]
    private static partial Regex ResourceMetadata();
}
