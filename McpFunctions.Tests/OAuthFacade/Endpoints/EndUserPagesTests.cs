using System.Net;
using System.Text.RegularExpressions;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// Every HTML page a person can see (consent, development sign-in and each error page), as a screen reader and a
/// phone browser read it: a language, a viewport, one heading that says where the person is, every field labelled,
/// every button named, the server and its host in the title and footer, and never the operator's word "façade".
/// The consent page leaves "Remember this decision" unchecked: remembering is the user's choice.
/// </summary>
public sealed partial class EndUserPagesTests : IAsyncLifetime
{
    private const string PublicHost = "mcp.example.test";
    private FacadeTestApp _app = null!;

    public static TheoryData<string> Pages() =>
    [
        "consent",
        "development sign-in",
        "error: unknown client",
        "error: redirect URI not allowed",
        "error: sign-in page opened directly",
        "error: stale callback",
        "error: consent answer without its cookie",
        "error: sign-in name not accepted",
    ];

    public async Task InitializeAsync() =>
        _app = await FacadeTestApp.StartAsync(
            FacadeTestApp.FreePort(),
            new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development" },
            publicBaseUrl: $"https://{PublicHost}");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_IsReadableByAScreenReaderAndOnAPhone_AndNamesTheServerAndHost(string page)
    {
        // Act
        var (status, contentType, html) = await OpenAsync(page);

        // Assert
        Assert.Equal(page.StartsWith("error", StringComparison.Ordinal) ? 400 : 200, status);
        Assert.Equal("text/html; charset=utf-8", contentType);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">", html, StringComparison.Ordinal);
        var heading = Assert.Single(Heading().Matches(html)).Groups[1].Value;
        Assert.False(string.IsNullOrWhiteSpace(heading));
        Assert.Matches("<title>[^<]+ – McpFunctions</title>", html);
        Assert.Contains($"<footer><p class=\"muted\">McpFunctions at <strong>{PublicHost}</strong></p></footer>", html, StringComparison.Ordinal);
        Assert.Contains("<main>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("façade", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("facade", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);

        foreach (Match input in VisibleInput().Matches(html))
        {
            // Every visible field is inside a label, so a screen reader announces what it is for.
            var before = html[..input.Index];
            Assert.True(before.LastIndexOf("<label>", StringComparison.Ordinal) > before.LastIndexOf("</label>", StringComparison.Ordinal), $"{input.Value} has no label in {html}");
        }

        foreach (Match button in Button().Matches(html))
        {
            Assert.False(string.IsNullOrWhiteSpace(button.Groups[1].Value), $"a button without a name in {html}");
        }

        if (page.StartsWith("error", StringComparison.Ordinal))
        {
            Assert.Equal("Sign-in to McpFunctions cannot continue", heading);
            Assert.Contains($"tell the administrator of <strong>{PublicHost}</strong>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ConsentPage_LeavesRememberUnchecked()
    {
        var (_, _, html) = await OpenAsync("consent");

        var remember = Assert.Single(Remember().Matches(html)).Value;
        Assert.DoesNotContain("checked", remember, StringComparison.Ordinal);
        Assert.Contains("<label><input type=\"checkbox\" name=\"remember\" value=\"1\"> Remember this decision for this application</label>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mcp:ServerTitle", "Clinic Calculators")]
    [InlineData("Facade:ServerName", "Ward Tools")]
    public async Task Pages_NameTheServer_AsMcpClientsShowIt_UnlessTheFacadeSettingNamesItOtherwise(string setting, string name)
    {
        // Arrange
        await using var app = await FacadeTestApp.StartAsync(
            FacadeTestApp.FreePort(),
            new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development", [setting] = name },
            publicBaseUrl: $"https://{PublicHost}");
        var client = new OAuthTestClient(app);

        // Act
        using var consent = await app.Client.GetAsync(await ConsentUrlAsync(client));
        using var error = await app.Client.GetAsync(client.AuthorizeUrl("no-such-client", OAuthTestClient.ClaudeCallback, OAuthTestClient.NewPkce().Challenge));

        // Assert
        var consentHtml = await consent.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Contains($" wants to use {name} as you</h1>", consentHtml, StringComparison.Ordinal);
        Assert.Contains($" – {name}</title>", consentHtml, StringComparison.Ordinal);
        var errorHtml = await error.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains($"<footer><p class=\"muted\">{name} at <strong>{PublicHost}</strong></p></footer>", errorHtml, StringComparison.Ordinal);
    }

    private async Task<(int Status, string? ContentType, string Html)> OpenAsync(string page)
    {
        var client = new OAuthTestClient(_app);
        using var response = page switch
        {
            "consent" => await _app.Client.GetAsync(await ConsentUrlAsync(client)),
            "development sign-in" => await _app.Client.GetAsync(await SignInPathAsync(client)),
            "error: unknown client" => await _app.Client.GetAsync(client.AuthorizeUrl("no-such-client", OAuthTestClient.ClaudeCallback, OAuthTestClient.NewPkce().Challenge)),
            "error: redirect URI not allowed" => await _app.Client.GetAsync(client.AuthorizeUrl(await client.RegisterPublicClientAsync(), "https://elsewhere.example/cb", OAuthTestClient.NewPkce().Challenge)),
            "error: sign-in page opened directly" => await _app.Client.GetAsync("/dev/sign-in"),
            "error: stale callback" => await _app.Client.GetAsync("/callback?state=never-issued&code=x"),
            "error: consent answer without its cookie" => await PostFormAsync("/authorize/consent", new() { ["ticket"] = "forged", ["decision"] = "approve" }),
            "error: sign-in name not accepted" => await PostFormAsync("/dev/sign-in", SignInFields(await SignInPathAsync(client), name: "<script>")),
            _ => throw new ArgumentOutOfRangeException(nameof(page), page, null),
        };
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private static async Task<Uri> ConsentUrlAsync(OAuthTestClient client) =>
        client.AuthorizeUrl(await client.RegisterPublicClientAsync(), OAuthTestClient.ClaudeCallback, OAuthTestClient.NewPkce().Challenge);

    /// <summary>Approves the consent page as a browser would and returns where it sends the browser: the development sign-in.</summary>
    private async Task<string> SignInPathAsync(OAuthTestClient client)
    {
        using var page = await _app.Client.GetAsync(await ConsentUrlAsync(client));
        var antiForgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-mcp-af=", StringComparison.Ordinal));
        var ticket = WebUtility.HtmlDecode(Ticket().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var approve = new HttpRequestMessage(HttpMethod.Post, "/authorize/consent")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket, ["decision"] = "approve" }),
        };
        approve.Headers.Add("Cookie", antiForgery.Split(';')[0]);
        approve.Headers.Add("Origin", $"https://{PublicHost}");
        using var approved = await _app.Client.SendAsync(approve);
        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        return approved.Headers.Location!.PathAndQuery;
    }

    private static Dictionary<string, string> SignInFields(string signInPath, string name)
    {
        var fields = OAuthTestClient.Query(new Uri(new Uri($"https://{PublicHost}"), signInPath))
            .Where(p => p.Key is "state" or "nonce" or "code_challenge")
            .ToDictionary(p => p.Key, p => p.Value);
        fields["name"] = name;
        return fields;
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", $"https://{PublicHost}");
        return await _app.Client.SendAsync(request);
    }

    [GeneratedRegex("<h1>(.*?)</h1>")]
    private static partial Regex Heading();

    [GeneratedRegex("<input(?![^>]*type=\"hidden\")[^>]*>")]
    private static partial Regex VisibleInput();

    [GeneratedRegex("<button[^>]*>(.*?)</button>")]
    private static partial Regex Button();

    [GeneratedRegex("<input type=\"checkbox\" name=\"remember\"[^>]*>")]
    private static partial Regex Remember();

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex Ticket();
}
