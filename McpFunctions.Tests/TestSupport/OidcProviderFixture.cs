using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// Starts the repository's real OpenID provider (<c>e2e/oidc-provider/server.mjs</c>, npm oidc-provider) on
/// 127.0.0.1 and a port the OS picks, and drives real OAuth flows against it: client credentials, the
/// authorization code flow with PKCE S256 through its login and consent forms, dynamic client registration,
/// revocation. Kills the node process tree on dispose. Needs <c>npm ci</c> at the repository root first.
/// </summary>
public sealed partial class OidcProviderFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private const int MaxRedirects = 10;

    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private HttpClient? _http;

    public OidcProviderFixture()
        : this(OidcProviderOptions.ForTokenValidation())
    {
    }

    // xunit wants exactly one public constructor on a fixture: other options go through StartAsync.
    private OidcProviderFixture(OidcProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public OidcProviderOptions Options { get; }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri Issuer { get; private set; } = null!;

    public string IssuerString => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>Everything the provider printed, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    private HttpClient Http => _http ?? throw new InvalidOperationException("The provider has not been started.");

    /// <summary>Starts a provider with other options than the collection's shared one; dispose it in the test.</summary>
    public static async Task<OidcProviderFixture> StartAsync(OidcProviderOptions options)
    {
        var fixture = new OidcProviderFixture(options);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        RepositoryPaths.RequireNodePackage("oidc-provider");
        var script = RepositoryPaths.InRoot("e2e", "oidc-provider", "server.mjs");
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(JsonSerializer.Serialize(Options));
        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment.Remove("NODE_OPTIONS");

        _process = CreateProcess(startInfo);
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"oidc-provider exited before it was ready. Output:{Environment.NewLine}{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            Issuer = await _ready.Task.WaitAsync(StartupTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"oidc-provider did not print READY within {StartupTimeout.TotalSeconds} s. Output:{Environment.NewLine}{Output}");
        }

        _http = CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(ShutdownTimeout);
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not dead within the timeout: nothing more a test run can do.
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    private static Process CreateProcess(ProcessStartInfo startInfo) => new() { StartInfo = startInfo, EnableRaisingEvents = true };

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An absolute URL on the provider, e.g. <c>Url("/me")</c>.</summary>
    public Uri Url(string path) => new(Issuer, path);

    /// <summary>RFC 6749 §4.4 client credentials for the service client, with an RFC 8707 resource (or none).</summary>
    public Task<OidcTokenResponse> GetClientCredentialsTokenAsync(string? resource, string scope, CancellationToken cancellationToken = default) =>
        GetClientCredentialsTokenAsync(OidcProviderOptions.ServiceClientId, Options.ServiceClientSecret, resource, scope, cancellationToken);

    public async Task<OidcTokenResponse> GetClientCredentialsTokenAsync(string clientId, string clientSecret, string? resource, string scope, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials"), new("scope", scope) };
        if (resource is not null)
        {
            form.Add(new("resource", resource));
        }

        return await PostTokenRequestAsync(form, clientId, clientSecret, cancellationToken);
    }

    /// <summary>
    /// The authorization code flow as a browser and a client would run it: <c>/auth</c> with PKCE S256 (and
    /// an RFC 8707 resource when given) → the login form, POSTed with <paramref name="subject"/> → the consent
    /// form, POSTed → the redirect to <paramref name="redirectUri"/>, captured, not followed → the code
    /// exchanged at <c>/token</c> with the verifier. Throws with the provider's error if any step fails.
    /// </summary>
    public async Task<OidcTokenResponse> RunAuthorizationCodeFlowAsync(
        string clientId,
        string redirectUri,
        string? resource,
        string scope,
        string subject,
        string? clientSecret = null,
        CancellationToken cancellationToken = default)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        if (resource is not null)
        {
            query["resource"] = resource;
        }

        // A browser: its own cookie jar (so every flow logs in afresh), redirects observed one by one.
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var next = new Uri(Url("/auth") + "?" + FormUrlEncode(query));
        using var first = await browser.GetAsync(next, cancellationToken);
        var location = RedirectTarget(first, next);

        for (var hop = 0; hop < MaxRedirects; hop++)
        {
            if (location.AbsoluteUri.StartsWith(redirectUri, StringComparison.Ordinal))
            {
                var code = ReadAuthorizationResponse(location, state);
                return await ExchangeCodeAsync(clientId, clientSecret, redirectUri, code, verifier, resource, cancellationToken);
            }

            using var page = await browser.GetAsync(location, cancellationToken);
            if (page.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                location = RedirectTarget(page, location);
                continue;
            }

            var html = await page.Content.ReadAsStringAsync(cancellationToken);
            var form = InteractionForm().Match(html);
            if (page.StatusCode != HttpStatusCode.OK || !form.Success)
            {
                throw new InvalidOperationException($"Expected a login or consent form at {location}, got {(int)page.StatusCode}: {html}");
            }

            var action = new Uri(location, WebUtility.HtmlDecode(form.Groups["action"].Value));
            var fields = form.Groups["prompt"].Value == "login"
                ? new Dictionary<string, string> { ["login"] = subject }
                : new Dictionary<string, string> { ["consent"] = "yes" };
            using var submitted = await browser.PostAsync(action, new FormUrlEncodedContent(fields), cancellationToken);
            location = RedirectTarget(submitted, action);
        }

        throw new InvalidOperationException($"The authorization flow did not reach {redirectUri} within {MaxRedirects} redirects.");
    }

    /// <summary>RFC 7591 dynamic client registration, as an MCP client such as Claude does it.</summary>
    public async Task<OidcRegisteredClient> RegisterClientAsync(
        IReadOnlyList<string> redirectUris,
        string tokenEndpointAuthMethod = "none",
        string clientName = "test client",
        CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, object>
        {
            ["client_name"] = clientName,
            ["redirect_uris"] = redirectUris,
            ["token_endpoint_auth_method"] = tokenEndpointAuthMethod,
            ["grant_types"] = new[] { "authorization_code", "refresh_token" },
            ["response_types"] = new[] { "code" },
        };
        using var response = await Http.PostAsJsonAsync(Url("/reg"), metadata, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Registration answered {(int)response.StatusCode}: {body}");
        }

        return JsonSerializer.Deserialize<OidcRegisteredClient>(body)!;
    }

    /// <summary>RFC 7009 revocation by the client the token was issued to (a public client sends no secret).</summary>
    public async Task RevokeAsync(string token, string clientId, string? clientSecret, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("token", token), new("token_type_hint", "access_token") };
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/token/revocation")) { Content = ClientForm(form, clientId, clientSecret, out var authorization) };
        request.Headers.Authorization = authorization;
        using var response = await Http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Revocation answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>How many requests each path of the provider has received so far (e.g. <c>/me</c>, <c>/token/introspection</c>).</summary>
    public async Task<int> RequestCountAsync(string path, CancellationToken cancellationToken = default)
    {
        var counts = await Http.GetFromJsonAsync<Dictionary<string, int>>(Url("/_test/requests"), cancellationToken);
        return counts!.GetValueOrDefault(path);
    }

    private async Task<OidcTokenResponse> ExchangeCodeAsync(
        string clientId, string? clientSecret, string redirectUri, string code, string verifier, string? resource, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
            new("code_verifier", verifier),
        };
        if (resource is not null)
        {
            form.Add(new("resource", resource));
        }

        return await PostTokenRequestAsync(form, clientId, clientSecret, cancellationToken);
    }

    private async Task<OidcTokenResponse> PostTokenRequestAsync(List<KeyValuePair<string, string>> form, string clientId, string? clientSecret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/token")) { Content = ClientForm(form, clientId, clientSecret, out var authorization) };
        request.Headers.Authorization = authorization;
        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Token request answered {(int)response.StatusCode}: {body}");
        }

        return JsonSerializer.Deserialize<OidcTokenResponse>(body)!;
    }

    // Confidential clients authenticate with HTTP Basic (RFC 6749 §2.3.1, each part form-urlencoded);
    // public clients name themselves with client_id in the body.
    private static FormUrlEncodedContent ClientForm(List<KeyValuePair<string, string>> form, string clientId, string? clientSecret, out AuthenticationHeaderValue? authorization)
    {
        if (clientSecret is null)
        {
            form.Add(new("client_id", clientId));
            authorization = null;
        }
        else
        {
            authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        }

        return new FormUrlEncodedContent(form);
    }

    private static string ReadAuthorizationResponse(Uri redirect, string expectedState)
    {
        var parameters = ParseQuery(redirect.Query);
        if (parameters.TryGetValue("error", out var error))
        {
            throw new InvalidOperationException($"The authorization request failed: {error} {parameters.GetValueOrDefault("error_description")}");
        }

        if (parameters.GetValueOrDefault("state") != expectedState)
        {
            throw new InvalidOperationException($"The authorization response's state does not match: {redirect}");
        }

        return parameters.TryGetValue("code", out var code) ? code : throw new InvalidOperationException($"No code in {redirect}");
    }

    private static Uri RedirectTarget(HttpResponseMessage response, Uri requestUri)
    {
        if (response.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect)
            || response.Headers.Location is null)
        {
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            throw new InvalidOperationException($"Expected a redirect from {requestUri}, got {(int)response.StatusCode}: {body}");
        }

        return response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(requestUri, response.Headers.Location);
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            result[Uri.UnescapeDataString(parts[0].Replace('+', ' '))] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
        }

        return result;
    }

    private static string FormUrlEncode(Dictionary<string, string> values) =>
        string.Join('&', values.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void OnOutput(string? line)
    {
        Record(line);
        if (line is not null && line.StartsWith("READY ", StringComparison.Ordinal) && Uri.TryCreate(line["READY ".Length..].Trim(), UriKind.Absolute, out var issuer))
        {
            _ready.TrySetResult(issuer);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)" data-prompt="(?<prompt>login|consent)">""")]
    private static partial Regex InteractionForm();
}
