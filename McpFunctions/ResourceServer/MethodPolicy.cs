using McpFunctions.Mcp;
using ModelContextProtocol.Protocol;

namespace McpFunctions.ResourceServer;

/// <summary>
/// The one table that says which requests need a token and which a session (DESIGN.md §4), for both eras.
/// <para><b>strict</b> (default): every request carries a valid token, initialize included — MCP authorization
/// 2025-06-18+: "authorization MUST be included in every HTTP request from client to server".</para>
/// <para><b>seed</b>: the first seed's Authentication Matrix, row by row:</para>
/// <code>
/// | request                    | legacy: token | legacy: session | modern: token |
/// |----------------------------|---------------|-----------------|---------------|
/// | initialize                 | no            | no (creates it) | —             |
/// | notifications/initialized  | no            | yes             | —             |
/// | other notifications        | no            | yes             | yes           |
/// | server/discover            | —             | —               | no            |
/// | every other request        | yes           | yes             | yes           |
/// | DELETE                     | no            | yes             | — (405)       |
/// | GET                        | 405           | 405             | 405           |
/// </code>
/// In strict mode every row needs a token; legacy rows other than initialize also need the session.
/// </summary>
internal static class MethodPolicy
{
    /// <summary>What a JSON-RPC message needs; <paramref name="method"/> is null for a response.</summary>
    public static AccessRequirement ForMessage(MethodPolicyPreset preset, McpEra era, string? method, bool isRequest)
    {
        var isInitialize = method == RequestMethods.Initialize;
        if (era == McpEra.Modern)
        {
            return preset == MethodPolicyPreset.Seed && (method == RequestMethods.ServerDiscover || !isRequest)
                ? AccessRequirement.None
                : AccessRequirement.Token;
        }

        var session = isInitialize ? AccessRequirement.None : AccessRequirement.Session;
        if (preset == MethodPolicyPreset.Strict)
        {
            return AccessRequirement.Token | session;
        }

        return isRequest && !isInitialize ? AccessRequirement.TokenAndSession : session;
    }

    /// <summary>DELETE ends a legacy session: strict needs the token too, the seed's matrix only the session.</summary>
    public static AccessRequirement ForDelete(MethodPolicyPreset preset) =>
        preset == MethodPolicyPreset.Strict ? AccessRequirement.TokenAndSession : AccessRequirement.Session;
}
