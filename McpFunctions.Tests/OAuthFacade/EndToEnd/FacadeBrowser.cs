using System.Net;
using System.Text.RegularExpressions;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>
/// A headless browser for the front channel: its own cookie jar, redirects followed one by one and recorded,
/// and the forms on the way filled as a person would — the façade's consent page, oidc-provider's login and
/// consent, the development sign-in page. Stops at the first redirect to the client's redirect URI.
/// </summary>
internal sealed partial class FacadeBrowser : IDisposable
{
    private const int MaxHops = 20;
    private readonly HttpClient _http;

    public FacadeBrowser()
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public CookieContainer Cookies { get; }

    /// <summary>Every request the browser made, in order.</summary>
    public List<BrowserStep> Steps { get; } = [];

    /// <summary>The URL the upstream provider sent the browser to on the façade (<c>/callback?code&amp;state</c>), when reached.</summary>
    public Uri? UpstreamCallback { get; private set; }

    /// <summary>The last consent page shown, with its headers, when one was.</summary>
    public HttpResponseMessage? ConsentPage { get; private set; }

    public string? ConsentPageHtml { get; private set; }

    /// <summary>
    /// Runs the front channel from <paramref name="authorizeUrl"/> until the browser is sent to <paramref name="redirectUri"/>,
    /// and returns that final URL (with code or error). <paramref name="decision"/> is the consent page's button.
    /// </summary>
    public async Task<Uri> RunAsync(
        Uri authorizeUrl, string redirectUri, string subject = "alice", string decision = "approve", bool remember = true, bool denyUpstreamConsent = false)
    {
        var target = authorizeUrl;
        HttpContent? body = null;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, target) { Content = body };
            var response = await _http.SendAsync(request);
            Steps.Add(new BrowserStep(request.Method.Method, target, (int)response.StatusCode));
            if (target.AbsolutePath == "/callback" && target.Query.Contains("state=", StringComparison.Ordinal))
            {
                UpstreamCallback = target;
            }

            if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.Redirect)
            {
                var next = new Uri(target, response.Headers.Location!);
                response.Dispose();
                if (next.AbsoluteUri.StartsWith(redirectUri, StringComparison.Ordinal))
                {
                    return next;
                }

                target = next;
                body = null;
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            var form = Form().Match(html);
            if (response.StatusCode != HttpStatusCode.OK || !form.Success)
            {
                throw new InvalidOperationException($"Expected a form or a redirect at {target}, got {(int)response.StatusCode}: {html}");
            }

            var fields = Hidden().Matches(form.Groups["fields"].Value).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            switch (form.Groups["kind"].Value)
            {
                case "consent" when fields.ContainsKey("ticket"):
                    ConsentPage = response;
                    ConsentPageHtml = html;
                    fields["decision"] = decision;
                    if (remember)
                    {
                        fields["remember"] = "1";
                    }

                    break;
                case "login":
                    fields["login"] = subject;
                    response.Dispose();
                    break;
                case "consent":
                    fields[denyUpstreamConsent ? "deny" : "consent"] = denyUpstreamConsent ? "1" : "yes";
                    response.Dispose();
                    break;
                case "dev-sign-in":
                    fields["name"] = subject;
                    response.Dispose();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown form {form.Groups["kind"].Value} at {target}");
            }

            target = new Uri(target, WebUtility.HtmlDecode(form.Groups["action"].Value));
            body = new FormUrlEncodedContent(fields);
        }

        throw new InvalidOperationException($"The browser did not reach {redirectUri} within {MaxHops} hops.");
    }

    /// <summary>GET /authorize and read the consent form: the page's response and its protected ticket (null when no consent page came).</summary>
    public async Task<(HttpResponseMessage Response, string Html, string? Ticket)> OpenConsentAsync(Uri authorizeUrl)
    {
        var response = await _http.GetAsync(authorizeUrl);
        Steps.Add(new BrowserStep("GET", authorizeUrl, (int)response.StatusCode));
        var html = await response.Content.ReadAsStringAsync();
        var form = Form().Match(html);
        var ticket = form.Success
            ? Hidden().Matches(form.Groups["fields"].Value).Where(m => m.Groups["name"].Value == "ticket").Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value)).FirstOrDefault()
            : null;
        return (response, html, ticket);
    }

    /// <summary>One plain GET in this browser (its cookies), redirects not followed.</summary>
    public Task<HttpResponseMessage> GetAsync(Uri url) => _http.GetAsync(url);

    public Task<HttpResponseMessage> PostFormAsync(Uri url, IDictionary<string, string> fields, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return _http.SendAsync(request);
    }

    public void Dispose()
    {
        ConsentPage?.Dispose();
        _http.Dispose();
    }

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)" data-(?:form|prompt)="(?<kind>[^"]+)">(?<fields>[\s\S]*?)</form>""")]
    private static partial Regex Form();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex Hidden();
}
