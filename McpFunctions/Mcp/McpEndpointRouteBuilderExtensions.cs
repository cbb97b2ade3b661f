using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

internal static class McpEndpointRouteBuilderExtensions
{
    /// <summary>Maps the Streamable HTTP endpoint on every configured path (default <c>/mcp</c> and <c>/</c>).</summary>
    public static IEndpointRouteBuilder MapMcpEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Checked without building the handler: constructing it here would build the whole request pipeline
        // (dispatcher, registries, JSON metadata) before the first request, which every cold start pays.
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(StreamableHttpHandler)) != true)
        {
            throw new InvalidOperationException("MapMcpEndpoint needs the MCP services: call builder.AddMcpFunctions() (or services.AddMcpEndpoint(configuration)) before mapping.");
        }

        var handler = new Lazy<StreamableHttpHandler>(endpoints.ServiceProvider.GetRequiredService<StreamableHttpHandler>);
        var guard = endpoints.ServiceProvider.GetRequiredService<McpRequestGuard>();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<McpEndpointOptions>>().Value;

        foreach (var path in options.Paths.Distinct(StringComparer.Ordinal))
        {
            endpoints.MapPost(path, guard.Wrap(context => handler.Value.HandlePostAsync(context))).RequireCors(McpCorsDefaults.PolicyName).WithDisplayName($"MCP POST {path}");
            endpoints.MapGet(path, guard.Wrap(StreamableHttpHandler.HandleGetAsync)).RequireCors(McpCorsDefaults.PolicyName).WithDisplayName($"MCP GET {path}");
            endpoints.MapDelete(path, guard.Wrap(context => handler.Value.HandleDeleteAsync(context))).RequireCors(McpCorsDefaults.PolicyName).WithDisplayName($"MCP DELETE {path}");
            endpoints.MapMethods(path, [HttpMethods.Head], guard.Wrap(StreamableHttpHandler.HandleHeadAsync)).RequireCors(McpCorsDefaults.PolicyName).WithDisplayName($"MCP HEAD {path}");
            endpoints.MapMethods(path, [HttpMethods.Options], AnswerOptions).RequireCors(McpCorsDefaults.PolicyName).WithDisplayName($"MCP OPTIONS {path}");
        }

        return endpoints;
    }

    // A CORS preflight is answered by the CORS middleware before this runs; a plain OPTIONS learns the methods.
    private static Task AnswerOptions(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.Allow = StreamableHttpHandler.AllowedMethods;
        return Task.CompletedTask;
    }
}
