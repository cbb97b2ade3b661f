using McpFunctions.Mcp;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>The Streamable HTTP endpoint at <c>/mcp</c> and <c>/</c> (the first seed's Claude.ai connector uses the root).</summary>
/// <remarks>
/// Public, static, and resolving the endpoint from the request's services: see <see cref="FunctionRouteTable"/> for why every
/// function is a public method of a public type.
/// </remarks>
public static class McpEndpointFunctions
{
    [Function("Mcp")]
    public static Task Mcp(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Post, FunctionMethods.Put, FunctionMethods.Patch, FunctionMethods.Delete, FunctionMethods.Head, FunctionMethods.Options, Route = "mcp")] HttpRequest request)
        => HandleAsync(request);

    [Function("McpRoot")]
    public static Task McpRoot(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Post, FunctionMethods.Put, FunctionMethods.Patch, FunctionMethods.Delete, FunctionMethods.Head, FunctionMethods.Options, Route = "")] HttpRequest request)
        => HandleAsync(request);

    private static Task HandleAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestServices.GetRequiredService<McpEndpoint>().HandleAsync(request.HttpContext);
    }
}
