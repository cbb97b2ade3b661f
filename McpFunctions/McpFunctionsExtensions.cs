using McpFunctions.Hosting;
using McpFunctions.Maintenance;
using McpFunctions.Mcp;
using McpFunctions.OAuthFacade;
using McpFunctions.ResourceServer;
using McpFunctions.Tools;

namespace McpFunctions;

/// <summary>The composition root's two calls: everything the app registers and everything it maps.</summary>
internal static class McpFunctionsExtensions
{
    public static WebApplicationBuilder AddMcpFunctions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseFunctionsCustomHandler();
        builder.Services.AddErrorBoundary();
        builder.Services.AddMcpEndpoint(builder.Configuration);
        builder.Services.AddMcpAuthentication();
        builder.Services.AddOAuthFacade(builder.Configuration);
        builder.Services.AddHostedService<StartupBanner>();
        builder.Services.AddClinicalCalculatorTools();
        builder.Services.AddExpiredRowPurge();
        return builder;
    }

    public static WebApplication MapMcpFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First, so every route's fault is answered by the one boundary and none reaches the developer exception page.
        app.UseErrorBoundary();
        app.UseCors();
        app.MapMcpEndpoint();
        app.MapProtectedResourceMetadata();
        app.MapOAuthFacade();
        return app;
    }
}
