using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.ResourceServer.TokenValidation;

namespace McpFunctions.Tests.OAuthFacade.Upstream;

/// <summary>
/// The upstream ID token is checked before anyone is signed in — issuer, audience, nonce, signature against the
/// provider's JWKS, lifetime, subject — and a bad one reaches the MCP client as <c>server_error</c>, never a code.
/// </summary>
public sealed class IdTokenValidationTests : IAsyncLifetime
{
    private CraftedIdTokenProvider? _provider;
    private FacadeTestApp? _app;

    private CraftedIdTokenProvider Provider => _provider!;

    private FacadeTestApp App => _app!;

    public async Task InitializeAsync()
    {
        _provider = await CraftedIdTokenProvider.StartAsync();
        _app = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Oidc",
            ["Facade:Upstream:Authority"] = Provider.Issuer,
            ["Facade:Upstream:ClientId"] = CraftedIdTokenProvider.ClientId,
            ["Facade:Upstream:ClientSecret"] = "secret",
            ["Facade:Upstream:RequireHttpsMetadata"] = "false",
            ["Facade:RegistrationsPerMinute"] = "1000",
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }

    [Fact]
    public async Task IdToken_Correct_SignsTheUserIn()
    {
        var final = await RunAsync(null);

        Assert.True(OAuthTestClient.Query(final).ContainsKey("code"), final.ToString());
        Assert.Contains("subject crafted-user", App.Logs.AllText, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "nonce", "the nonce does not match" },
        { "audience", "is not the façade's client id" },
        { "issuer", "issuer 'https://attacker.example' is not" },
        { "expired", "the ID token has expired" },
        { "unsigned", "JWS algorithm 'none' is not allowed" },
        { "unknown key", "no key with kid 'unpublished'" },
        { "tampered", "the signature does not verify" },
        { "no subject", "the ID token has no sub claim" },
        { "several audiences without azp", "several audiences" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task IdToken_Bad_IsRefused_AndTheClientGetsServerError(string defect, string logReason)
    {
        var final = await RunAsync(claims => Craft(defect, claims));

        var query = OAuthTestClient.Query(final);
        Assert.Equal("server_error", query["error"]);
        Assert.False(query.ContainsKey("code"));
        Assert.True(App.Logs.AllText.Contains(logReason, StringComparison.Ordinal), App.Logs.AllText);
    }

    private string Craft(string defect, Dictionary<string, object?> claims)
    {
        switch (defect)
        {
            case "nonce":
                claims["nonce"] = "another-nonce";
                break;
            case "audience":
                claims["aud"] = "some-other-client";
                break;
            case "issuer":
                claims["iss"] = "https://attacker.example";
                break;
            case "expired":
                claims["iat"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
                claims["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
                break;
            case "unsigned":
                return TestSigningKey.Assemble(TestSigningKey.Header("none", null), claims, _ => []);
            case "unknown key":
                using (var other = new TestSigningKey("unpublished"))
                {
                    return other.Sign(claims);
                }

            case "tampered":
                var signed = Provider.Key.Sign(claims);
                claims["sub"] = "someone-else";
                var parts = signed.Split('.');
                return parts[0] + "." + TestSigningKey.Encode(claims) + "." + parts[2];
            case "no subject":
                claims.Remove("sub");
                break;
            case "several audiences without azp":
                claims["aud"] = new[] { CraftedIdTokenProvider.ClientId, "another-api" };
                break;
        }

        return Provider.Key.Sign(claims);
    }

    private async Task<Uri> RunAsync(Func<Dictionary<string, object?>, string>? idToken)
    {
        Provider.IdToken = idToken;
        var client = new OAuthTestClient(App);
        var clientId = await client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        return await browser.RunAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback);
    }
}
