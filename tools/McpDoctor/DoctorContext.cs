using System.Text.Json.Nodes;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpDoctor;

/// <summary>What the stages share: the settings, the bounded HTTP client, the findings so far and what was discovered.</summary>
internal sealed class DoctorContext(DoctorSettings settings, ProbeHttp http, TokenHolder tokens)
{
    private readonly List<Finding> _findings = [];

    public DoctorSettings Settings { get; } = settings;

    public ProbeHttp Http { get; } = http;

    public TokenHolder Tokens { get; } = tokens;

    public Uri Endpoint => Settings.Endpoint;

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>Set when the endpoint cannot be reached at all: later stages skip instead of repeating the failure.</summary>
    public string? Unreachable { get; set; }

    /// <summary>Whether an unauthenticated request got 401 (null until Discovery ran or when it could not tell).</summary>
    public bool? AuthRequired { get; set; }

    public JsonObject? ProtectedResource { get; set; }

    public JsonObject? AuthorizationServer { get; set; }

    /// <summary>The scopes to request, from the challenge or the protected-resource document.</summary>
    public string? Scope { get; set; }

    /// <summary>Claude Code's loopback registration, reused by --login (its redirect URI port).</summary>
    public string? LoopbackClientId { get; set; }

    public int LoopbackPort { get; set; } = 33418;

    /// <summary>The redirect listener of --login (its port is the registered loopback redirect).</summary>
    public Login.LoopbackRedirectListener? Listener { get; set; }

    /// <summary>The decoded payload of the access token when it is a JWT (never the token itself).</summary>
    public JsonObject? AccessTokenClaims { get; set; }

    public bool HasToken => Tokens.AccessToken is not null;

    /// <summary>The endpoint's canonical URI (RFC 8707 §2, MCP authorization "Canonical Server URI"): lower-case scheme and host, no fragment, no trailing slash.</summary>
    public string CanonicalResource => Canonical(Endpoint);

    public static string Canonical(Uri url)
    {
        var text = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return text.Length > 0 && text.EndsWith('/') ? text[..^1] : text;
    }

    public void Pass(Stage stage, string id, string observed, Clients clients = Clients.All) =>
        _findings.Add(new Finding(stage, id, Outcome.Pass, observed, "", "", clients));

    public void Warn(Stage stage, string id, string observed, string symptom, string fix, Clients clients = Clients.All) =>
        _findings.Add(new Finding(stage, id, Outcome.Warn, observed, symptom, fix, clients));

    public void Fail(Stage stage, string id, string observed, string symptom, string fix, Clients clients = Clients.All) =>
        _findings.Add(new Finding(stage, id, Outcome.Fail, observed, symptom, fix, clients));

    public void Skip(Stage stage, string id, string why) =>
        _findings.Add(new Finding(stage, id, Outcome.Skip, why, "", "", Clients.All));

    public Task<ProbeResponse> SendAsync(ProbeRequest request, CancellationToken cancellationToken) => Http.SendAsync(request, cancellationToken);

    public Task<ProbeResponse> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        Http.SendAsync(new ProbeRequest(HttpMethod.Get, url).WithHeader("Accept", "application/json"), cancellationToken);
}
