using McpDoctor.Login;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// The person at the browser during --login: follows the authorization URL through the sign-in and consent forms
/// (the façade's development sign-in, oidc-provider's login) until the redirect to the doctor's loopback listener,
/// then opens that URL, as a browser would.
/// </summary>
internal sealed class HeadlessBrowser : IBrowserLauncher
{
    public List<Uri> Opened { get; } = [];

    public async Task OpenAsync(Uri authorizationUrl, CancellationToken cancellationToken)
    {
        Opened.Add(authorizationUrl);
        var redirectUri = Query(authorizationUrl, "redirect_uri") ?? throw new InvalidOperationException("no redirect_uri");
        using var browser = new FacadeBrowser();
        var callback = await browser.RunAsync(authorizationUrl, redirectUri);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(callback, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public static string? Query(Uri url, string name) =>
        url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();
}
