using System.Text.Json.Nodes;
using McpFunctions.JsonRpc;
using McpFunctions.ResourceServer;
using McpFunctions.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Mcp;

/// <summary>
/// The one table that says what each request must present (DESIGN.md §4), for both eras, applied to the parsed
/// body once. Both handlers enforce every column of it; the dispatcher serves the tools it resolved.
/// <para><b>strict</b> (default): every request carries a valid token, initialize included — MCP authorization
/// 2025-06-18+: "authorization MUST be included in every HTTP request from client to server".</para>
/// <para><b>seed</b>: the first seed's Authentication Matrix, row by row:</para>
/// <code>
/// | request                    | legacy: token | legacy: session | modern: token |
/// |----------------------------|---------------|-----------------|---------------|
/// | initialize (sent alone)    | no            | no (creates it) | —             |
/// | initialize inside a batch  | no            | yes (refused)   | —             |
/// | notifications/initialized  | no            | yes             | —             |
/// | other notifications        | no            | yes             | yes           |
/// | responses                  | no            | yes             | no            |
/// | server/discover            | —             | —               | no            |
/// | every other request        | yes           | yes             | yes           |
/// | DELETE                     | no            | yes             | — (405)       |
/// | GET                        | 405           | 405             | 405           |
/// </code>
/// In strict mode every row needs a token; the session column is the same in both presets. With
/// <c>Auth:Mode=Disabled</c> nothing needs a token. A <c>tools/call</c> also needs the scopes its tool declares
/// (<see cref="RequiredScopeAttribute"/>), and any other method the scopes registered for it
/// (<see cref="McpMethodScope"/>: reading the catalogue as resources needs what reading it as a tool needs).
/// </summary>
internal sealed class McpAccessPolicy(IOptions<AuthOptions> authOptions, McpToolRegistry tools, IEnumerable<McpMethodScope>? methodScopes = null)
{
    private readonly AuthOptions _auth = authOptions.Value;
    private readonly ILookup<string, string> _methodScopes = (methodScopes ?? []).ToLookup(s => s.Method, s => s.Scope, StringComparer.Ordinal);

    /// <summary>False when <c>Auth:Mode</c> is <c>Disabled</c>: no request needs a token.</summary>
    public bool AuthenticationEnabled => _auth.Mode != AuthMode.Disabled;

    /// <summary>What the whole POST body needs in <paramref name="era"/>: the union of its messages' rows.</summary>
    public McpAccessDecision ForBody(ParsedBody body, McpEra era)
    {
        ArgumentNullException.ThrowIfNull(body);
        bool token = false, session = false;
        List<string>? scopes = null;
        var resolved = new RegisteredTool?[body.Messages.Count];
        for (var i = 0; i < body.Messages.Count; i++)
        {
            var message = body.Messages[i];
            var row = Row(_auth.MethodPolicy, era, message, body.IsBatch);
            token |= row.Token;
            session |= row.Session;
            resolved[i] = ToolCalledBy(message);
            var methodScopes = message.IsRequest && message.Method is { } method ? _methodScopes[method] : [];
            foreach (var scope in (resolved[i]?.RequiredScopes ?? []).Concat(methodScopes))
            {
                scopes ??= [];
                if (!scopes.Contains(scope))
                {
                    scopes.Add(scope);
                }
            }
        }

        return new(token && AuthenticationEnabled, session, scopes ?? [], resolved);
    }

    /// <summary>DELETE ends a legacy session: strict needs the token too, the seed's matrix only the session.</summary>
    public McpAccessDecision ForDelete() =>
        new(_auth.MethodPolicy == MethodPolicyPreset.Strict && AuthenticationEnabled, NeedsSession: true, [], []);

    /// <summary>One row of the table: what <paramref name="message"/> needs under <paramref name="preset"/>.</summary>
    public static (bool Token, bool Session) Row(MethodPolicyPreset preset, McpEra era, IncomingMessage message, bool inBatch)
    {
        ArgumentNullException.ThrowIfNull(message);
        var strict = preset == MethodPolicyPreset.Strict;
        var isRequest = message.Kind is IncomingMessageKind.Request or IncomingMessageKind.Invalid;
        if (era == McpEra.Modern)
        {
            var open = !strict && (message.Method == RequestMethods.ServerDiscover || !isRequest);
            return (!open, false);
        }

        var isInitialize = message.Method == RequestMethods.Initialize;
        // initialize creates the session, so it cannot need one; inside a batch it is refused on an existing session.
        var session = !(isInitialize && message.IsRequest && !inBatch);
        return (strict || (isRequest && !isInitialize), session);
    }

    /// <summary>The registered tool a <c>tools/call</c> request names; null for anything else or an unknown name.</summary>
    private RegisteredTool? ToolCalledBy(IncomingMessage message) =>
        message is { IsRequest: true, Method: RequestMethods.ToolsCall }
            && message.Params?["name"] is JsonValue nameValue
            && nameValue.TryGetValue<string>(out var name)
            && tools.HasTools
            && tools.TryGet(name, out var tool)
            ? tool
            : null;
}
