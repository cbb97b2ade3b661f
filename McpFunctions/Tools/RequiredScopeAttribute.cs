namespace McpFunctions.Tools;

/// <summary>
/// Declares the OAuth scope a tool needs. The resource server answers a <c>tools/call</c> whose token
/// lacks it with 403 <c>insufficient_scope</c> (MCP authorization, "Scope challenge handling").
/// Put it on a method that also carries <c>[McpServerTool]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
internal sealed class RequiredScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
