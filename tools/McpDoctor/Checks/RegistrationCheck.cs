using System.Text.Json.Nodes;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpDoctor.Checks;

/// <summary>
/// Dynamic client registration (RFC 7591) with Claude's exact body (the Claude troubleshooting guide, §2) and Claude
/// Code's loopback variant (RFC 8252 §7.3: any port on a loopback redirect). Each must be 201 with the client id and
/// the fields echoed. Registering creates a client on the server, as Claude itself does when it connects.
/// </summary>
internal sealed class RegistrationCheck : IDoctorCheck
{
    public const string ClaudeCallback = "https://claude.ai/api/mcp/auth_callback";

    public const string ClaudeBody = """
        {"client_name":"claudeai","grant_types":["authorization_code","refresh_token"],"response_types":["code"],"token_endpoint_auth_method":"none","scope":"claudeai","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}
        """;

    public static string ClaudeCodeBody(int port) =>
        $$"""{"client_name":"Claude Code (mcp-doctor)","grant_types":["authorization_code","refresh_token"],"response_types":["code"],"token_endpoint_auth_method":"none","redirect_uris":["http://localhost:{{port}}/callback"]}""";

    public async Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.AuthRequired != true || context.AuthorizationServer is null)
        {
            context.Skip(Stage.Registration, "reg.claude", context.AuthRequired == false ? "no authorization: nothing to register" : "no authorization-server metadata");
            return;
        }

        var endpoint = context.AuthorizationServer["registration_endpoint"]?.ToString();
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var url))
        {
            context.Skip(Stage.Registration, "reg.claude", "no registration_endpoint (see disc.registration-path)");
            return;
        }

        await RegisterAsync(context, url, "reg.claude", ClaudeBody, ClaudeCallback, Clients.ClaudeAi | Clients.ChatGpt, cancellationToken);
        var loopback = $"http://localhost:{context.LoopbackPort}/callback";
        context.LoopbackClientId = await RegisterAsync(context, url, "reg.claude-code", ClaudeCodeBody(context.LoopbackPort), loopback, Clients.ClaudeCode | Clients.VsCode, cancellationToken);
    }

    private static async Task<string?> RegisterAsync(DoctorContext context, Uri url, string id, string body, string redirectUri, Clients clients, CancellationToken cancellationToken)
    {
        var response = await context.SendAsync(new ProbeRequest(HttpMethod.Post, url) { Body = body }.WithHeader("Accept", "application/json"), cancellationToken);
        const string Symptom = "Claude cannot register: the sign-in fails before the login page (\"Configure\" stays or an OAuth error).";
        if (!response.Ok || response.Status is < 200 or >= 300)
        {
            response.TryJsonObject(out var error, out _);
            var reason = error["error"] is null ? response.Describe() : $"HTTP {response.Status} {error["error"]}: {McpWire.Shorten(error["error_description"]?.ToString() ?? "")}";
            context.Fail(Stage.Registration, id, reason, Symptom,
                "Accept this exact registration: public client (token_endpoint_auth_method \"none\"), these redirect URIs, and a scope you may not know (ignore or narrow it rather than refuse).", clients);
            return null;
        }

        if (!response.TryJsonObject(out var json, out var why) || json["client_id"]?.ToString() is not { Length: > 0 } clientId)
        {
            context.Fail(Stage.Registration, id, $"HTTP {response.Status}, no client_id ({why})", Symptom, "Return the registered client as JSON with client_id (RFC 7591 §3.2.1).", clients);
            return null;
        }

        var missing = new List<string>();
        if (!DiscoveryCheck.Strings(json["redirect_uris"]).Contains(redirectUri))
        {
            missing.Add("redirect_uris");
        }

        var authMethod = json["token_endpoint_auth_method"]?.ToString();
        if (authMethod is not null && authMethod != "none")
        {
            context.Fail(Stage.Registration, id, $"registered as token_endpoint_auth_method \"{authMethod}\"",
                "Claude has no client secret: the token exchange fails with invalid_client after the login.",
                "Register public clients as asked (\"none\") and do not require a secret at the token endpoint.", clients);
            return null;
        }

        if (authMethod is null)
        {
            missing.Add("token_endpoint_auth_method");
        }

        if (response.Status != 201 || missing.Count > 0)
        {
            context.Warn(Stage.Registration, id, $"HTTP {response.Status}" + (missing.Count > 0 ? ", not echoed: " + string.Join(", ", missing) : ""),
                "Strict clients treat the registration as failed or as registered with other values.",
                "Answer 201 Created with every registered field echoed (RFC 7591 §3.2.1).", clients);
        }
        else
        {
            context.Pass(Stage.Registration, id, $"201, client_id issued, redirect URI {redirectUri} and \"none\" echoed", clients);
        }

        return clientId;
    }
}
