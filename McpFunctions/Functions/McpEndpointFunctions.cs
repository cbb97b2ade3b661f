using McpFunctions.Mcp;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>The Streamable HTTP endpoint at <c>/mcp</c> and <c>/</c> (the first seed's Claude.ai connector uses the root).</summary>
internal sealed class McpEndpointFunctions(McpEndpoint endpoint)
{
    [Function("Mcp")]
    public Task Mcp(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Post, FunctionMethods.Put, FunctionMethods.Patch, FunctionMethods.Delete, FunctionMethods.Head, FunctionMethods.Options, Route = "mcp")] HttpRequest request)
        => endpoint.HandleAsync(request.HttpContext);

    [Function("McpRoot")]
    public Task McpRoot(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Post, FunctionMethods.Put, FunctionMethods.Patch, FunctionMethods.Delete, FunctionMethods.Head, FunctionMethods.Options, Route = "")] HttpRequest request)
        => endpoint.HandleAsync(request.HttpContext);
}
