using System.Text.Json.Nodes;
using McpDoctor.Findings;
using McpDoctor.Http;

namespace McpDoctor.Checks;

/// <summary>
/// Streamable HTTP in both eras, in the order Claude exercises it (first seed, steps 5–9; the Claude troubleshooting
/// guide, §4–6): initialize → Mcp-Session-Id, initialized → 202, GET → 405 (never 501), the three list calls in
/// parallel, an opt-in tools/call, the version-header combinations Claude sends, unknown session → 404 (the signal to
/// re-initialize), missing session → 400, DELETE; then 2026-07-28's server/discover and a stateless request.
/// </summary>
internal sealed class TransportCheck : IDoctorCheck
{
    private const string Connect = "Claude shows the connector as failed right after the sign-in.";

    public async Task RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.AuthRequired == true && !context.HasToken)
        {
            context.Skip(Stage.Transport, "tr.initialize", "the endpoint requires a token: pass --login or --token to check the transport");
            return;
        }

        var url = context.Endpoint;
        var init = await context.SendAsync(McpWire.Post(url, McpWire.Initialize()), cancellationToken);
        if (!McpWire.TryResult(init, out var initResult, out var why))
        {
            context.Fail(Stage.Transport, "tr.initialize", why, Connect,
                "Answer initialize with 200 and a JSON-RPC result (application/json or text/event-stream).");
            return;
        }

        var session = init.Header(McpWire.SessionIdHeader);
        var version = initResult["protocolVersion"]?.ToString() ?? McpWire.ClaudeLegacyVersion;
        var capabilities = initResult["capabilities"] as JsonObject ?? [];
        context.Pass(Stage.Transport, "tr.initialize", $"200, protocolVersion {version}, " + (session is null ? "no Mcp-Session-Id (stateless)" : "Mcp-Session-Id issued"));

        var initialized = await context.SendAsync(McpWire.Post(url, McpWire.Initialized, session, version), cancellationToken);
        if (initialized.Ok && initialized.Status == 202 && initialized.Body.Length == 0)
        {
            context.Pass(Stage.Transport, "tr.initialized", "202 with an empty body");
        }
        else
        {
            context.Fail(Stage.Transport, "tr.initialized", initialized.Ok ? $"HTTP {initialized.Status}" + (initialized.Body.Length > 0 ? $" with a {initialized.Body.Length}-byte body" : "") : initialized.Error!,
                "Claude drops the session after the handshake: tools never appear.", "Answer notifications (no id) with 202 Accepted and no body (Streamable HTTP, sending messages).");
        }

        await GetAsync(context, session, version, cancellationToken);
        await ListsAsync(context, session, version, capabilities, cancellationToken);
        await CallToolAsync(context, session, version, cancellationToken);
        if (session is not null)
        {
            await VersionHeadersAsync(context, session, version, cancellationToken);
            await SessionRulesAsync(context, session, version, cancellationToken);
        }
        else
        {
            context.Skip(Stage.Transport, "tr.unknown-session", "no sessions (stateless server)");
        }

        await ModernAsync(context, cancellationToken);
    }

    private static async Task GetAsync(DoctorContext context, string? session, string version, CancellationToken cancellationToken)
    {
        var request = new ProbeRequest(HttpMethod.Get, context.Endpoint) { Authenticate = true, HeadersOnly = true }
            .WithHeader("Accept", "text/event-stream").WithHeader(McpWire.ProtocolVersionHeader, version);
        if (session is not null)
        {
            request = request.WithHeader(McpWire.SessionIdHeader, session);
        }

        var get = await context.SendAsync(request, cancellationToken);
        if (get.Ok && get.Status == 405)
        {
            context.Pass(Stage.Transport, "tr.get", "405" + (get.Header("Allow") is { } allow ? $", Allow: {allow}" : ""));
        }
        else if (get.Ok && get.Status == 200 && get.ContentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            context.Pass(Stage.Transport, "tr.get", "200 text/event-stream (server-to-client stream offered)");
        }
        else if (get.Ok && get.Status == 501)
        {
            context.Fail(Stage.Transport, "tr.get", "501 Not Implemented",
                "Claude's transport detection gives up: \"Configure\" stays even though the sign-in worked.",
                "Answer GET with 405 Method Not Allowed and Allow: POST (or serve an SSE stream); never 501.");
        }
        else
        {
            context.Warn(Stage.Transport, "tr.get", get.Describe(),
                "Clients that open the event stream see an unexpected answer; some fall back to the older SSE transport.",
                "Answer GET with 405 and Allow, or with text/event-stream.");
        }
    }

    private static async Task ListsAsync(DoctorContext context, string? session, string version, JsonObject capabilities, CancellationToken cancellationToken)
    {
        // Claude sends the three list calls at once right after the handshake (first seed, step 9).
        string[] methods = ["tools/list", "resources/list", "prompts/list"];
        var answers = await Task.WhenAll(methods.Select((m, i) => context.SendAsync(McpWire.Post(context.Endpoint, McpWire.Request(m, 10 + i), session, version), cancellationToken)));
        var observed = new List<string>();
        var failed = false;
        for (var i = 0; i < methods.Length; i++)
        {
            var declared = capabilities[methods[i].Split('/')[0]] is not null;
            if (McpWire.TryResult(answers[i], out var result, out var why))
            {
                var items = result[methods[i].Split('/')[0]] as JsonArray;
                observed.Add($"{methods[i]} → {items?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");
            }
            else if (!declared && answers[i].Ok && why.Contains("-32601", StringComparison.Ordinal))
            {
                observed.Add($"{methods[i]} → not offered");
            }
            else
            {
                failed = true;
                observed.Add($"{methods[i]} → {why}");
            }
        }

        if (failed)
        {
            context.Fail(Stage.Transport, "tr.lists", string.Join("; ", observed), "Tools (or resources, prompts) do not appear in Claude, or appear and vanish.",
                "Answer concurrent requests on one session independently, each with its result.");
        }
        else
        {
            context.Pass(Stage.Transport, "tr.lists", string.Join("; ", observed) + " (in parallel)");
        }
    }

    private static async Task CallToolAsync(DoctorContext context, string? session, string version, CancellationToken cancellationToken)
    {
        if (context.Settings.CallTool is not { } tool)
        {
            context.Skip(Stage.Transport, "tr.tools-call", "no tool called: pass --call-tool NAME to call one with empty arguments");
            return;
        }

        var body = McpWire.Request("tools/call", 20, new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() });
        var call = await context.SendAsync(McpWire.Post(context.Endpoint, body, session, version), cancellationToken);
        if (McpWire.TryResult(call, out var result, out var why))
        {
            var isError = result["isError"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            context.Pass(Stage.Transport, "tr.tools-call", $"{tool} → result" + (isError ? " (isError: the tool reported a problem with its input)" : ""));
        }
        else
        {
            context.Fail(Stage.Transport, "tr.tools-call", $"{tool} → {why}", "Claude shows \"Error executing tool\".",
                "Return tool failures as a result with isError: true (MCP tools, error handling); keep JSON-RPC errors for protocol faults.");
        }
    }

    /// <summary>
    /// The version headers Claude is known to send on a session (issue threads of September 2026): no header at all
    /// (anthropics/claude-ai-mcp#70), a newer legacy version than negotiated (anthropics/claude-code#92835), and the
    /// 2026-07-28 version with no _meta (CodeWithCJ/SparkyFitness#2155). A server that refuses them fails every call.
    /// </summary>
    private static async Task VersionHeadersAsync(DoctorContext context, string session, string version, CancellationToken cancellationToken)
    {
        var combinations = new List<(string Label, string? Header)> { ("no version header", null), ($"header {McpWire.ModernVersion} on the session", McpWire.ModernVersion) };
        if (string.CompareOrdinal(version, McpWire.LatestLegacyVersion) < 0)
        {
            combinations.Add(($"header {McpWire.LatestLegacyVersion} on a {version} session", McpWire.LatestLegacyVersion));
        }

        var observed = new List<string>();
        var refused = false;
        foreach (var (label, header) in combinations)
        {
            var answer = await context.SendAsync(McpWire.Post(context.Endpoint, McpWire.Request("tools/list", 30 + observed.Count), session, header), cancellationToken);
            var ok = McpWire.TryResult(answer, out _, out var why);
            refused |= !ok;
            observed.Add($"{label} → {(ok ? "served" : why)}");
        }

        if (refused)
        {
            context.Fail(Stage.Transport, "tr.version-headers", string.Join("; ", observed),
                "Tools fail in Claude Code and Claude Desktop (every call refused) although MCP Inspector works.",
                "On a known session, serve at the session's negotiated version whatever MCP-Protocol-Version names (tolerant reader).",
                Clients.ClaudeAi | Clients.ClaudeCode);
        }
        else
        {
            context.Pass(Stage.Transport, "tr.version-headers", string.Join("; ", observed), Clients.ClaudeAi | Clients.ClaudeCode);
        }
    }

    private static async Task SessionRulesAsync(DoctorContext context, string session, string version, CancellationToken cancellationToken)
    {
        var unknown = await context.SendAsync(McpWire.Post(context.Endpoint, McpWire.Request("tools/list", 40), "doctor-" + Guid.NewGuid().ToString("N"), version), cancellationToken);
        if (unknown.Ok && unknown.Status == 404)
        {
            context.Pass(Stage.Transport, "tr.unknown-session", "404");
        }
        else
        {
            context.Fail(Stage.Transport, "tr.unknown-session", unknown.Describe(),
                unknown.Status == 400 ? "Tools disappear after the session expires (often after an hour): on 400 Claude does not start a new session." : "After the session expires Claude cannot recover.",
                "Answer an unknown or expired Mcp-Session-Id with 404 Not Found: the client's signal to initialize again (Streamable HTTP, session management).");
        }

        var missing = await context.SendAsync(McpWire.Post(context.Endpoint, McpWire.Request("tools/list", 41), null, version), cancellationToken);
        if (missing.Ok && missing.Status == 400)
        {
            context.Pass(Stage.Transport, "tr.missing-session", "400");
        }
        else if (missing.Ok && missing.Status is >= 200 and < 300)
        {
            context.Pass(Stage.Transport, "tr.missing-session", $"{missing.Status}: served without a session");
        }
        else
        {
            context.Warn(Stage.Transport, "tr.missing-session", missing.Describe(),
                "A client that lost its session id gets an answer it cannot act on.",
                "Answer a non-initialize request without Mcp-Session-Id with 400 Bad Request (Streamable HTTP, session management).");
        }

        var delete = await context.SendAsync(new ProbeRequest(HttpMethod.Delete, context.Endpoint) { Authenticate = true }
            .WithHeader(McpWire.SessionIdHeader, session).WithHeader(McpWire.ProtocolVersionHeader, version), cancellationToken);
        if (delete.Ok && delete.Status is 200 or 202 or 204 or 405)
        {
            context.Pass(Stage.Transport, "tr.delete", delete.Status == 405 ? "405 (the server does not let clients end sessions; allowed)" : $"{delete.Status}: session ended");
        }
        else
        {
            context.Warn(Stage.Transport, "tr.delete", delete.Describe(), "Clients cannot end their session cleanly; sessions linger until they expire.",
                "Answer DELETE with the session id with 200/204, or 405 if clients may not end sessions.");
        }
    }

    /// <summary>2026-07-28: no handshake; server/discover, then every request stands alone with its version in _meta.</summary>
    private static async Task ModernAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var discover = await context.SendAsync(Modern(context, "server/discover", 50, McpWire.ModernVersion), cancellationToken);
        if (!McpWire.TryResult(discover, out _, out var why))
        {
            context.Pass(Stage.Transport, "mod.discover", $"not offered ({why}): clients on {McpWire.ModernVersion} fall back to initialize");
            return;
        }

        context.Pass(Stage.Transport, "mod.discover", "server/discover answered");
        var observed = new List<string>();
        var refused = false;
        // anthropics/claude-code#93290: no session, a legacy header, the modern version in the body's _meta.
        foreach (var (label, header) in new[] { ("stateless tools/list", McpWire.ModernVersion), ($"header {McpWire.LatestLegacyVersion}, _meta {McpWire.ModernVersion}", McpWire.LatestLegacyVersion) })
        {
            var answer = await context.SendAsync(Modern(context, "tools/list", 51 + observed.Count, header), cancellationToken);
            var ok = McpWire.TryResult(answer, out _, out var reason);
            refused |= !ok;
            observed.Add($"{label} → {(ok ? "served" : reason)}");
        }

        if (refused)
        {
            context.Fail(Stage.Transport, "mod.stateless", string.Join("; ", observed),
                "Tools fail for Claude's connector proxy and Claude Code on the new protocol.",
                "Serve a request that carries its version in _meta without a session; let the body's version win over a disagreeing header.",
                Clients.ClaudeAi | Clients.ClaudeCode);
        }
        else
        {
            context.Pass(Stage.Transport, "mod.stateless", string.Join("; ", observed), Clients.ClaudeAi | Clients.ClaudeCode);
        }
    }

    private static ProbeRequest Modern(DoctorContext context, string method, int id, string header) =>
        McpWire.Post(context.Endpoint, McpWire.ModernRequest(method, id), version: header).WithHeader(McpWire.MethodHeader, method);
}
