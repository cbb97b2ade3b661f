using McpFunctions.Tools;

namespace McpFunctions.Mcp;

/// <summary>
/// Everything a POST (or DELETE) must present before it is served, decided once by <see cref="McpAccessPolicy"/>:
/// a bearer token, a legacy session, the scopes its tool calls need, and the tool each <c>tools/call</c> names, so the
/// dispatcher serves the very tool whose scopes were checked.
/// </summary>
/// <param name="NeedsToken">A valid bearer token for this resource (false whenever authentication is off).</param>
/// <param name="NeedsSession">A known <c>Mcp-Session-Id</c> (legacy era; false only for an initialize sent alone).</param>
/// <param name="RequiredScopes">Scopes the token must hold: the union of the called tools' required scopes and the scopes registered for the requests' methods.</param>
/// <param name="Tools">Per message of the body, in order: the registered tool a <c>tools/call</c> names, else null.</param>
internal sealed record McpAccessDecision(bool NeedsToken, bool NeedsSession, IReadOnlyList<string> RequiredScopes, IReadOnlyList<RegisteredTool?> Tools)
{
    /// <summary>The tool resolved for the body's message at <paramref name="index"/>; null when it is no known tool call.</summary>
    public RegisteredTool? ToolAt(int index) => index >= 0 && index < Tools.Count ? Tools[index] : null;
}
