using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpDoctor.Checks;

/// <summary>
/// What a client learns before it signs in: the 401 challenge (MCP authorization §"Authorization Server Location",
/// RFC 9728 §5.1), both protected-resource documents, the authorization-server metadata by every well-known path
/// clients try (RFC 8414 §3.1 path insertion, then OpenID Connect Discovery), PKCE S256, and which registration path
/// Claude will take.
/// </summary>
internal sealed partial class DiscoveryCheck : IDoctorCheck
{
    private const string Configure = "Claude shows the Configure button and never connects.";

    public async Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var challenge = await context.SendAsync(McpWire.Post(context.Endpoint, McpWire.Initialize(), version: McpWire.ClaudeLegacyVersion, authenticate: false), cancellationToken);
        if (!challenge.Ok)
        {
            context.Fail(Stage.Discovery, "disc.challenge", challenge.Error!, Configure, "Make the endpoint answer POST promptly with JSON.");
            return;
        }

        if (challenge.Status is >= 200 and < 300)
        {
            context.AuthRequired = false;
            context.Pass(Stage.Discovery, "disc.challenge", $"HTTP {challenge.Status} without a token: the endpoint needs no authorization");
            return;
        }

        var wwwAuthenticate = challenge.Header("WWW-Authenticate");
        if (challenge.Status != 401 || wwwAuthenticate is null || !wwwAuthenticate.TrimStart().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail(Stage.Discovery, "disc.challenge", $"HTTP {challenge.Status}, WWW-Authenticate: {wwwAuthenticate ?? "(none)"}", Configure,
                "Answer a request without a token with 401 and WWW-Authenticate: Bearer resource_metadata=\"https://…/.well-known/oauth-protected-resource/…\".");
            return;
        }

        context.AuthRequired = true;
        context.Pass(Stage.Discovery, "disc.challenge", "401 with a Bearer challenge");
        var resourceMetadata = Parameter(wwwAuthenticate, "resource_metadata");
        context.Scope = Parameter(wwwAuthenticate, "scope");
        if (resourceMetadata is null)
        {
            context.Warn(Stage.Discovery, "disc.resource-metadata", "no resource_metadata in the challenge",
                "Clients must guess the protected-resource document's address; some give up.",
                "Add resource_metadata=\"<absolute URL of the protected-resource document>\" to WWW-Authenticate (RFC 9728 §5.1).");
        }
        else if (!Uri.TryCreate(resourceMetadata, UriKind.Absolute, out var absolute) || absolute.Scheme is not ("https" or "http"))
        {
            context.Fail(Stage.Discovery, "disc.resource-metadata", $"resource_metadata=\"{resourceMetadata}\" is not an absolute URL", Configure,
                "Make resource_metadata an absolute https URL (RFC 9728 §5.1); a relative path is not resolved by clients.");
        }
        else
        {
            context.Pass(Stage.Discovery, "disc.resource-metadata", resourceMetadata);
        }

        if (context.Scope is null)
        {
            context.Warn(Stage.Discovery, "disc.challenge-scope", "no scope in the challenge",
                "Clients request no scope or every scope; the sign-in may ask for more than needed or be refused.",
                "Add scope=\"…\" to the 401 challenge (MCP authorization, scope selection).");
        }
        else
        {
            context.Pass(Stage.Discovery, "disc.challenge-scope", $"scope=\"{context.Scope}\"");
        }

        await ProtectedResourceAsync(context, cancellationToken);
        if (context.ProtectedResource is not null)
        {
            await AuthorizationServerAsync(context, cancellationToken);
        }
    }

    private static async Task ProtectedResourceAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var origin = context.Endpoint.GetLeftPart(UriPartial.Authority);
        var path = context.Endpoint.AbsolutePath.TrimEnd('/');
        var suffixed = new Uri(origin + "/.well-known/oauth-protected-resource" + path);
        var root = new Uri(origin + "/.well-known/oauth-protected-resource");

        var documents = new List<JsonObject>();
        foreach (var (id, url, needed) in new[] { ("disc.prm-path", suffixed, path.Length > 0), ("disc.prm-root", root, true) })
        {
            if (!needed)
            {
                continue;
            }

            var response = await context.GetJsonAsync(url, cancellationToken);
            if (response.Status == 200 && response.TryJsonObject(out var json, out _) && json["resource"] is JsonValue)
            {
                documents.Add(json);
                context.Pass(Stage.Discovery, id, $"{url} → 200");
                continue;
            }

            response.TryJsonObject(out _, out var why);
            var observed = $"{url} → {(response.Status == 200 ? why : response.Describe())}";
            if (id == "disc.prm-root")
            {
                context.Warn(Stage.Discovery, id, observed,
                    "Clients that look at the root document first (Claude.ai's connector among them) stall on \"Configure\".",
                    "Serve the protected-resource document at /.well-known/oauth-protected-resource too, not only path-suffixed.",
                    Clients.ClaudeAi | Clients.ChatGpt);
            }
            else
            {
                context.Fail(Stage.Discovery, id, observed, Configure,
                    $"Serve RFC 9728 metadata at {suffixed} (the path-suffixed address clients derive from the endpoint).");
            }
        }

        if (documents.Count == 0)
        {
            return;
        }

        var document = documents[0];
        context.ProtectedResource = document;
        var resource = document["resource"]?.ToString() ?? "";
        var canonical = context.CanonicalResource;
        var normalized = Uri.TryCreate(resource, UriKind.Absolute, out var resourceUrl) ? DoctorContext.Canonical(resourceUrl) : resource;
        if (string.Equals(normalized, canonical, StringComparison.Ordinal))
        {
            context.Pass(Stage.Discovery, "disc.prm-resource", $"resource = {resource}");
        }
        else if (canonical.StartsWith(normalized + "/", StringComparison.Ordinal))
        {
            context.Warn(Stage.Discovery, "disc.prm-resource", $"resource = {resource}, the endpoint is {canonical}",
                "SDK clients accept a parent URL, but tokens are issued for the whole origin; stricter clients refuse.",
                $"Set resource to the endpoint's canonical URI: {canonical}.");
        }
        else
        {
            context.Fail(Stage.Discovery, "disc.prm-resource", $"resource = {resource}, the endpoint is {canonical}",
                "The client refuses the metadata (RFC 9728 §3.3) or gets tokens for the wrong audience: \"Configure\" stays or every call is 401.",
                $"Set resource to the endpoint's canonical URI: {canonical}.");
        }

        if (context.Scope is null && document["scopes_supported"] is JsonArray scopes && scopes.Count > 0)
        {
            context.Scope = string.Join(' ', scopes.Select(s => s?.ToString()));
        }
    }

    private static async Task AuthorizationServerAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var issuerText = (context.ProtectedResource!["authorization_servers"] as JsonArray)?.FirstOrDefault()?.ToString();
        if (issuerText is null || !Uri.TryCreate(issuerText, UriKind.Absolute, out var issuer))
        {
            context.Fail(Stage.Discovery, "disc.as-metadata", "the protected-resource document names no authorization server", Configure,
                "List the authorization server's issuer URL in authorization_servers (RFC 9728 §2).");
            return;
        }

        var attempts = new List<string>();
        JsonObject? metadata = null;
        var firstWorked = false;
        var candidates = Candidates(issuer);
        for (var i = 0; i < candidates.Count; i++)
        {
            var response = await context.GetJsonAsync(candidates[i], cancellationToken);
            var ok = response.Status == 200 && response.TryJsonObject(out var json, out _) && json["authorization_endpoint"] is JsonValue;
            response.TryJsonObject(out var parsed, out var why);
            attempts.Add($"{candidates[i].AbsolutePath} → {(ok ? "200" : response.Status == 200 ? why : response.Describe())}");
            if (ok && metadata is null)
            {
                metadata = parsed;
                firstWorked = i == 0;
            }
        }

        var observed = string.Join("; ", attempts);
        if (metadata is null)
        {
            context.Fail(Stage.Discovery, "disc.as-metadata", observed, Configure,
                $"Serve RFC 8414 metadata at {candidates[0]}.");
            return;
        }

        context.AuthorizationServer = metadata;
        if (firstWorked)
        {
            context.Pass(Stage.Discovery, "disc.as-metadata", observed);
        }
        else
        {
            context.Warn(Stage.Discovery, "disc.as-metadata", observed,
                "Only the OpenID Connect address answers; clients that read RFC 8414 first (as the Claude troubleshooting guide requires) may stall.",
                $"Also serve the metadata at {candidates[0]}.");
        }

        var advertisedIssuer = metadata["issuer"]?.ToString();
        if (!string.Equals(advertisedIssuer?.TrimEnd('/'), issuerText.TrimEnd('/'), StringComparison.Ordinal))
        {
            context.Fail(Stage.Discovery, "disc.as-issuer", $"metadata issuer {advertisedIssuer ?? "(none)"} ≠ {issuerText}",
                "Clients reject the metadata (RFC 8414 §3.3 issuer check): \"Configure\" stays.",
                "Make authorization_servers in the protected-resource document exactly the issuer the metadata states.");
        }
        else
        {
            context.Pass(Stage.Discovery, "disc.as-issuer", advertisedIssuer!);
        }

        var methods = Strings(metadata["code_challenge_methods_supported"]);
        if (methods.Contains("S256"))
        {
            context.Pass(Stage.Discovery, "disc.pkce-s256", "code_challenge_methods_supported: " + string.Join(", ", methods));
        }
        else
        {
            context.Fail(Stage.Discovery, "disc.pkce-s256", methods.Count == 0 ? "code_challenge_methods_supported missing" : "code_challenge_methods_supported: " + string.Join(", ", methods),
                "MCP clients must refuse an authorization server that does not advertise S256 (MCP authorization, PKCE): sign-in never starts.",
                "Advertise code_challenge_methods_supported: [\"S256\"] (and support it).");
        }

        RegistrationPath(context, metadata);

        if (metadata["authorization_response_iss_parameter_supported"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            context.Pass(Stage.Discovery, "disc.iss-parameter", "authorization_response_iss_parameter_supported: true (RFC 9207)");
        }
        else
        {
            context.Pass(Stage.Discovery, "disc.iss-parameter", "iss in authorization responses not advertised (RFC 9207 mix-up defence off; clients do not require it)");
        }
    }

    /// <summary>
    /// Claude uses a client metadata document (CIMD) only when the server advertises it and accepts public clients
    /// (<c>none</c>); otherwise it registers dynamically (RFC 7591); with neither it cannot get a client id.
    /// </summary>
    private static void RegistrationPath(DoctorContext context, JsonObject metadata)
    {
        var cimd = metadata["client_id_metadata_document_supported"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var authMethods = Strings(metadata["token_endpoint_auth_methods_supported"]);
        var none = authMethods.Contains("none");
        var dcr = metadata["registration_endpoint"] is JsonValue;
        var observed = $"client_id_metadata_document_supported: {(cimd ? "true" : "false")}, token_endpoint_auth_methods_supported: [{string.Join(", ", authMethods)}], registration_endpoint: {(dcr ? "yes" : "no")}";
        if (cimd && none)
        {
            context.Pass(Stage.Discovery, "disc.registration-path", "Claude uses a client metadata document; " + observed);
        }
        else if (cimd && !none)
        {
            context.Warn(Stage.Discovery, "disc.registration-path", observed,
                dcr ? "Claude ignores the client metadata document support and falls back to dynamic registration." : "Claude ignores the client metadata document support and has no way to register: \"Configure\" stays.",
                "Add \"none\" to token_endpoint_auth_methods_supported: Claude is a public client and uses client metadata documents only then.");
        }
        else if (dcr)
        {
            context.Pass(Stage.Discovery, "disc.registration-path", "Claude registers dynamically (RFC 7591); " + observed);
        }
        else
        {
            context.Fail(Stage.Discovery, "disc.registration-path", observed,
                "Claude has no way to get a client id: \"Configure\" stays (the user would have to enter one by hand).",
                "Offer dynamic client registration, or client metadata documents with \"none\" in token_endpoint_auth_methods_supported.");
        }
    }

    /// <summary>RFC 8414 §3.1 path insertion first, then OpenID Connect path insertion and suffix, the order the MCP TypeScript SDK and Claude try.</summary>
    internal static List<Uri> Candidates(Uri issuer)
    {
        var origin = issuer.GetLeftPart(UriPartial.Authority);
        var path = issuer.AbsolutePath.TrimEnd('/');
        return path.Length == 0
            ? [new Uri(origin + "/.well-known/oauth-authorization-server"), new Uri(origin + "/.well-known/openid-configuration")]
            : [new Uri(origin + "/.well-known/oauth-authorization-server" + path), new Uri(origin + "/.well-known/openid-configuration" + path), new Uri(origin + path + "/.well-known/openid-configuration")];
    }

    internal static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.ToString() ?? "")] : [];

    internal static string? Parameter(string challenge, string name)
    {
        foreach (Match m in ChallengeParameter().Matches(challenge))
        {
            if (string.Equals(m.Groups["name"].Value, name, StringComparison.OrdinalIgnoreCase))
            {
                return m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["token"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex("""(?<name>[A-Za-z_]+)\s*=\s*(?:"(?<quoted>[^"]*)"|(?<token>[^\s,]+))""")]
    private static partial Regex ChallengeParameter();
}
