using System.Net;
using System.Text.RegularExpressions;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.Endpoints;

/// <summary>
/// Behind https (every deployment) the consent cookies carry the <c>__Host-</c> prefix with Secure, HttpOnly and
/// Path=/ (MCP security best practices, "Confused Deputy"); only a loopback http base URL drops the prefix.
/// </summary>
public sealed partial class ConsentCookieTests
{
    [Fact]
    public async Task ConsentCookies_BehindHttps_AreHostPrefixedSecureAndHttpOnly()
    {
        await using var app = await FacadeTestApp.StartAsync(
            FacadeTestApp.FreePort(),
            new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:Upstream:Kind"] = "Development" },
            publicBaseUrl: "https://mcp.example.test");
        var client = new OAuthTestClient(app);
        var clientId = await client.RegisterPublicClientAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var page = await app.Client.GetAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        var antiForgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-mcp-af=", StringComparison.Ordinal));
        var ticket = WebUtility.HtmlDecode(Ticket().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var approve = new HttpRequestMessage(HttpMethod.Post, "/authorize/consent")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket, ["decision"] = "approve", ["remember"] = "1" }),
        };
        approve.Headers.Add("Cookie", antiForgery.Split(';')[0]);
        approve.Headers.Add("Origin", "https://mcp.example.test");
        using var approved = await app.Client.SendAsync(approve);

        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        Assert.StartsWith("https://mcp.example.test/dev/sign-in?", approved.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        AssertHostCookie(antiForgery, "strict");
        AssertHostCookie(approved.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-mcp-consent=", StringComparison.Ordinal)), "lax");
    }

    private static void AssertHostCookie(string setCookie, string sameSite)
    {
        Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=" + sameSite, setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("""name="ticket" value="([^"]+)""")]
    private static partial Regex Ticket();
}
