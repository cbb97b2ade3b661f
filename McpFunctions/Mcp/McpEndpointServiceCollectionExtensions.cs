using McpFunctions.Completions;
using McpFunctions.Hosting;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.ResourceServer;
using McpFunctions.Sessions;
using McpFunctions.Tools;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Mcp;

internal static class McpEndpointServiceCollectionExtensions
{
    /// <summary>Registers the Streamable HTTP endpoint and what it needs. Idempotent.</summary>
    public static IServiceCollection AddMcpEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(StreamableHttpHandler)))
        {
            return services;
        }

        services.AddOptions<McpEndpointOptions>().BindConfiguration(McpEndpointOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<McpEndpointOptions>, McpEndpointOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpEndpointOptions>, McpEndpointOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMcpSessionStore(configuration);
        services.AddMcpToolRegistry();
        services.AddMcpResourceRegistry();
        services.AddMcpPromptRegistry();
        services.AddMcpCompletionProvider();
        services.AddPublicUrls();
        services.TryAddSingleton<RequestOriginPolicy>();
        services.TryAddSingleton<McpServerInfo>();
        services.TryAddSingleton<McpMethodDispatcher>();
        services.TryAddSingleton<LegacySessions>();
        services.TryAddSingleton<McpRequestGuard>();
        services.TryAddSingleton<ProtocolVersionTolerance>();
        services.TryAddSingleton<StreamableHttpHandler>();
        services.TryAddSingleton<McpEndpoint>();
        services.TryAddSingleton<LegacyRequestHandler>();
        services.TryAddSingleton<ModernRequestHandler>();
        services.TryAddSingleton<McpAccessPolicy>();
        services.TryAddSingleton<McpTokenCheck>();
        services.TryAddSingleton<McpResults>();
        services.TryAddSingleton<McpToolCaller>();
        services.AddErrorBoundary();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IErrorResponseWriter, McpErrorResponseWriter>());
        services.AddMcpAuthentication();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<RequestOriginPolicy>((cors, origins) =>
            cors.AddPolicy(McpCorsDefaults.PolicyName, policy => policy
                .SetIsOriginAllowed(origins.IsOriginAllowed)
                .WithMethods(McpCorsDefaults.AllowedMethods)
                .WithHeaders(McpCorsDefaults.AllowedHeaders)
                .WithExposedHeaders(McpCorsDefaults.ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        // Metadata documents are public: any origin may read them (browser-based clients discover auth this way).
        services.AddOptions<CorsOptions>().Configure(cors =>
            cors.AddPolicy(ProtectedResourceMetadataEndpoint.CorsPolicyName, policy => policy.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));
        return services;
    }
}
