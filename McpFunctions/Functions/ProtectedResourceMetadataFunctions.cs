using McpFunctions.ResourceServer;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>RFC 9728 metadata at the root well-known URI and the one suffixed with the MCP path (first seed, step 1.2).</summary>
public static class ProtectedResourceMetadataFunctions
{
    [Function("ProtectedResourceMetadata")]
    public static Task Root(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Options, Route = ".well-known/oauth-protected-resource")] HttpRequest request)
        => ProtectedResourceMetadataEndpoint.HandleAsync(request.HttpContext, "/");

    [Function("ProtectedResourceMetadataMcp")]
    public static Task Mcp(
        [HttpTrigger(AuthorizationLevel.Anonymous, FunctionMethods.Get, FunctionMethods.Options, Route = ".well-known/oauth-protected-resource/mcp")] HttpRequest request)
        => ProtectedResourceMetadataEndpoint.HandleAsync(request.HttpContext, "/mcp");
}
