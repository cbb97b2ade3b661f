namespace McpFunctions;

/// <summary>The composition root's two calls: everything the app registers and everything it maps.</summary>
internal static class McpFunctionsExtensions
{
    public static WebApplicationBuilder AddMcpFunctions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    public static WebApplication MapMcpFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
