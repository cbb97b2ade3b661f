using McpFunctions.Mcp;
using Microsoft.Extensions.Options;

namespace McpFunctions.Functions;

/// <summary>
/// <c>Mcp:Paths</c> chooses among the MCP functions' routes; it cannot add one. A path no function declares would be
/// advertised as a protected resource yet never reach the app (the Functions host answers 404 before it), so start-up
/// fails naming the routes there are.
/// </summary>
internal sealed class McpPathsServedByFunctions : IValidateOptions<McpEndpointOptions>
{
    private static readonly string[] McpRoutes = FunctionRouteTable.Routes
        .Where(route => route.Method.DeclaringType == typeof(McpEndpointFunctions))
        .Select(route => McpEndpointOptions.NormalizePath(route.Path))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public ValidateOptionsResult Validate(string? name, McpEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unserved = options.Paths.Where(path => Array.IndexOf(McpRoutes, McpEndpointOptions.NormalizePath(path)) < 0).ToArray();
        return unserved.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(unserved.Select(path =>
                $"Mcp:Paths entry '{path}' is not a route of an MCP function; the functions serve {string.Join(" and ", McpRoutes)}. " +
                "Remove the entry, or add a route in Functions/McpEndpointFunctions.cs."));
    }
}
