using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

/// <summary>
/// The Streamable HTTP endpoint for every HTTP method on one path. The Functions host answers 404 for a method a
/// function does not declare (azure-functions-host#10098), so the MCP functions declare every method and this
/// answers 405 with <c>Allow</c> itself (first seed, step 3.3: GET is 405, never 501). Order: the path is one of
/// <c>Mcp:Paths</c> (else 404, like an unmapped route), a plain OPTIONS learns the methods (a CORS preflight was
/// answered before this), then the Host and Origin checks (<see cref="McpRequestGuard"/>), then the method.
/// </summary>
internal sealed class McpEndpoint(IServiceProvider services, McpRequestGuard guard, IOptions<McpEndpointOptions> options)
{
    // The handler is resolved per request, not here: building it builds the whole request pipeline (dispatcher,
    // registries, JSON metadata), which a cold start should not pay before the first request needs it.
    private readonly RequestDelegate _post = guard.Wrap(context => services.GetRequiredService<StreamableHttpHandler>().HandlePostAsync(context));
    private readonly RequestDelegate _delete = guard.Wrap(context => services.GetRequiredService<StreamableHttpHandler>().HandleDeleteAsync(context));
    private readonly RequestDelegate _head = guard.Wrap(StreamableHttpHandler.HandleHeadAsync);
    private readonly RequestDelegate _other = guard.Wrap(StreamableHttpHandler.HandleGetAsync);

    /// <summary>Serves one request that arrived on an MCP function route.</summary>
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsConfiguredPath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.Allow = StreamableHttpHandler.AllowedMethods;
            return Task.CompletedTask;
        }

        return HttpMethods.IsPost(method) ? _post(context)
            : HttpMethods.IsDelete(method) ? _delete(context)
            : HttpMethods.IsHead(method) ? _head(context)
            : _other(context); // GET, PUT, PATCH, …: 405 + Allow
    }

    private bool IsConfiguredPath(PathString path)
    {
        var requested = McpEndpointOptions.NormalizePath(path.Value);
        foreach (var configured in options.Value.Paths)
        {
            if (string.Equals(McpEndpointOptions.NormalizePath(configured), requested, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
