using System.Reflection;

namespace McpFunctions.Functions;

/// <summary>One HTTP function as its attributes declare it: name, route template, methods, and the method to call.</summary>
internal sealed record FunctionRoute(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method)
{
    /// <summary>The path template with its leading slash (host.json's <c>routePrefix</c> is empty).</summary>
    public string Path => "/" + Route.TrimStart('/');
}
