using McpFunctions.Completions;
using McpFunctions.Functions;
using McpFunctions.Hosting;
using McpFunctions.Maintenance;
using McpFunctions.Mcp;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.ResourceServer;
using McpFunctions.ResourceServer.TokenValidation;
using McpFunctions.Sessions;
using McpFunctions.Tools;
using McpFunctions.Tools.Calculators;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpFunctions;

/// <summary>
/// The composition root's calls: <see cref="AddMcpFunctions{TBuilder}"/> registers everything; <see cref="UseMcpFunctions"/>
/// is the one place app middleware is added, in front of every function in the worker and in process alike.
/// </summary>
internal static class McpFunctionsExtensions
{
    public static TBuilder AddMcpFunctions<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var worker = builder is FunctionsApplicationBuilder;
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddErrorBoundary();
        ChooseTokenValidator(builder.Services, builder.Configuration);
        builder.Services.AddMcpAuthentication();
        builder.Services.AddMcpEndpoint(builder.Configuration);
        builder.Services.AddOAuthFacade(builder.Configuration);
        builder.Services.AddOptions<FacadeOptions>().Configure<IOptions<McpEndpointOptions>>((facade, mcp) =>
            facade.ServerName = string.IsNullOrWhiteSpace(facade.ServerName) ? ServerName(mcp.Value) : facade.ServerName);
        builder.Services.AddSharedSettings();
        builder.Services.AddSingleton<IValidateOptions<McpEndpointOptions>, McpPathsServedByFunctions>();
        builder.Services.AddHostedService<StartupBanner>();
        builder.Services.AddClinicalCalculators();
        // In the worker the timer-triggered function purges; a process without a Functions host purges in the background.
        builder.Services.AddExpiredRowPurge(runInBackground: !worker);
        if (builder is FunctionsApplicationBuilder functions)
        {
            functions.UseMcpFunctionsWorker(app => app.UseMcpFunctions());
        }

        return builder;
    }

    // The name MCP clients show for the server, which the façade's pages use too.
    private static string ServerName(McpEndpointOptions mcp) => string.IsNullOrWhiteSpace(mcp.ServerTitle) ? mcp.ServerName : mcp.ServerTitle;

    /// <summary>
    /// Everything the server offers, all over the clinical-calculator catalogue: the four tools, the catalogue and each
    /// calculator's definition as resources (with a URI template), the <c>interpret-result</c> prompt, and completion of
    /// calculator ids for the prompt's argument and the template's variable. Capabilities follow from what is here.
    /// </summary>
    private static IServiceCollection AddClinicalCalculators(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CalculatorCatalog)))
        {
            return services;
        }

        services.AddClinicalCalculatorTools();
        services.AddMcpResources(provider => CalculatorResources.Create(provider.GetRequiredService<CalculatorCatalog>()));
        services.AddMcpPrompts(provider => [new InterpretResultPrompt(provider.GetRequiredService<CalculatorCatalog>())]);
        services.AddMcpCompletionSource<CalculatorIdCompletions>(
            CompletionTarget.ForPrompt(InterpretResultPrompt.Name, InterpretResultPrompt.CalculatorArgument));
        services.AddMcpCompletionSource<CalculatorIdCompletions>(
            CompletionTarget.ForResourceTemplate(CalculatorResources.DefinitionUriTemplate, CalculatorResources.DefinitionVariable));

        // Reading the catalogue as resources, through the prompt or by completion needs what mcp_list needs; listing
        // what exists (tools/list, prompts/list, resources/templates/list) needs only the token, as tools/list does.
        foreach (var method in (string[])[RequestMethods.ResourcesList, RequestMethods.ResourcesRead, RequestMethods.PromptsGet, RequestMethods.CompletionComplete])
        {
            services.AddSingleton(new McpMethodScope(method, ClinicalCalculatorTools.ReadScope));
        }

        return services;
    }

    /// <summary>
    /// The one place the token validator is chosen, before any area registers its default (they use TryAdd), so no
    /// <c>Add…</c> call undoes another: the façade validates the tokens it issued itself, in process (no discovery round
    /// trip to itself); every other mode uses the resource server's JWKS / introspection / userinfo router.
    /// </summary>
    private static void ChooseTokenValidator(IServiceCollection services, IConfiguration configuration)
    {
        var facade = Enum.TryParse<AuthMode>(configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Mode)}"], ignoreCase: true, out var mode)
            && mode == AuthMode.Facade;
        services.TryAddSingleton<ITokenValidator>(facade
            ? provider => provider.GetRequiredService<FacadeTokenValidator>()
            : provider => provider.GetRequiredService<TokenValidatorRouter>());
    }

    /// <summary>
    /// Settings the lower floors read from the operator's <c>Mcp</c> section, passed down here so that Hosting and the
    /// resource server and Sessions name no higher area's options: the public base URL, the MCP paths as the protected
    /// resources, and the sessions' lifetimes.
    /// </summary>
    private static void AddSharedSettings(this IServiceCollection services)
    {
        services.AddOptions<PublicUrlOptions>().Configure<IOptions<McpEndpointOptions>>((urls, mcp) => urls.PublicBaseUrl = mcp.Value.PublicBaseUrl);
        services.AddOptions<ProtectedResourceOptions>().Configure<IOptions<McpEndpointOptions>>((resources, mcp) =>
        {
            resources.Paths = [.. mcp.Value.Paths];
            resources.ResourceName = mcp.Value.ServerTitle;
        });
        services.AddOptions<SessionLifetimeOptions>().Configure<IOptions<McpEndpointOptions>, IOptions<AuthOptions>>((lifetime, mcp, auth) =>
        {
            lifetime.IdleTimeout = mcp.Value.SessionIdleTimeout;
            lifetime.TouchInterval = mcp.Value.SessionTouchInterval;
            lifetime.LimitUnboundSessions = auth.Value.Mode != AuthMode.Disabled;
            lifetime.UnboundLifetime = auth.Value.UnboundSessionLifetime;
        });
    }

    /// <summary>
    /// The app's middleware, outermost first. CORS is the app's, never the platform's (which cannot expose
    /// <c>Mcp-Session-Id</c>, <c>MCP-Protocol-Version</c> or <c>WWW-Authenticate</c>); each route group has its policy.
    /// </summary>
    public static IApplicationBuilder UseMcpFunctions(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First, so every route's fault is answered by the one boundary and none reaches the developer exception page.
        app.UseErrorBoundary();
        var mcpPaths = app.ApplicationServices.GetRequiredService<IOptions<McpEndpointOptions>>().Value.Paths
            .Select(path => new PathString(McpEndpointOptions.NormalizePath(path)))
            .ToArray();
        app.UseWhen(context => Array.IndexOf(mcpPaths, new PathString(McpEndpointOptions.NormalizePath(context.Request.Path.Value))) >= 0,
            branch => branch.UseCors(McpCorsDefaults.PolicyName));
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ProtectedResourceUris.WellKnownPath, StringComparison.Ordinal),
            branch => branch.UseCors(ProtectedResourceMetadataEndpoint.CorsPolicyName));
        app.UseWhen(context => FacadeEndpointsExtensions.IsBrowserCallablePath(context.Request.Path),
            branch => branch.UseCors(FacadeEndpointsExtensions.CorsPolicyName));
        return app;
    }

    /// <summary>
    /// Without a Functions host (handler-level tests, <c>dotnet run</c> on its own): the app's middleware, then every
    /// HTTP function routed as the host routes it, from the functions' own attributes.
    /// </summary>
    public static WebApplication MapMcpFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMcpFunctions();
        app.MapFunctionRoutes();
        return app;
    }
}
