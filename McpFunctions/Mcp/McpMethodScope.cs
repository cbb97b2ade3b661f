namespace McpFunctions.Mcp;

/// <summary>
/// A scope a request method needs beyond its row of the access table, registered by whoever offers the method's
/// content (a tool declares its own with <see cref="Tools.RequiredScopeAttribute"/>). Several may name one method.
/// </summary>
internal sealed record McpMethodScope(string Method, string Scope);
