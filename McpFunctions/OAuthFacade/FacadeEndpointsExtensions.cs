using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Consent;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Upstream;
using McpFunctions.ResourceServer;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade;

/// <summary>The authorization-server façade's HTTP side: <see cref="AddOAuthFacade"/> registers it, <see cref="MapOAuthFacade"/> maps it.</summary>
internal static class FacadeEndpointsExtensions
{
    /// <summary>CORS policy of the endpoints browser-based clients call directly (metadata, JWKS, register, token, revoke): any origin, no credentials.</summary>
    public const string CorsPolicyName = "oauth-facade";

    /// <summary>
    /// Registers the façade when <c>Auth:Mode</c> is <c>Facade</c> — its state and token layer
    /// (<c>AddOAuthFacadeState</c>), the upstream provider chosen by <c>Facade:Upstream:Kind</c>, client resolution
    /// (registrations and Client ID Metadata Documents), consent and the endpoints — and nothing else in other modes.
    /// Call it after <c>AddMcpAuthentication</c>. Idempotent.
    /// </summary>
    public static IServiceCollection AddOAuthFacade(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(FacadeEndpointsMarker)))
        {
            return services;
        }

        var enabled = Enum.TryParse<AuthMode>(configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Mode)}"], ignoreCase: true, out var mode)
            && mode == AuthMode.Facade;
        services.AddSingleton(new FacadeEndpointsMarker(enabled));
        if (!enabled)
        {
            return services;
        }

        services.AddOAuthFacadeState(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacadeOptions>, UpstreamOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacadeOptions>, FacadeLifetimesValidator>());

        services.AddErrorBoundary();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IErrorResponseWriter, OAuthErrorResponseWriter>());
        services.TryAddSingleton<FacadeUrls>();
        services.TryAddSingleton<FacadeScopes>();
        services.TryAddSingleton<ResourceIndicators>();
        services.TryAddSingleton<RedirectUriPolicy>();
        services.TryAddSingleton<RegistrationRateLimiter>();
        services.TryAddSingleton<ClientAuthenticator>();

        services.TryAddSingleton<PublicAddressConnector>();
        services.TryAddSingleton<ClientMetadataDocumentFetcher>();
        services.TryAddSingleton<PinnedClientMetadataDocuments>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacadeOptions>, PinnedClientMetadataDocumentsValidator>());
        services.TryAddSingleton<OAuthClientResolver>();
        services.AddHttpClient(ClientMetadataDocumentFetcher.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the fetcher's own deadline applies
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                ConnectCallback = provider.GetRequiredService<PublicAddressConnector>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            });

        services.TryAddSingleton<ManagedIdentityClientAssertion>();
        services.TryAddSingleton<OidcUpstreamIdentityProvider>();
        services.TryAddSingleton<DevelopmentUpstreamIdentityProvider>();
        services.TryAddSingleton<IUpstreamIdentityProvider>(provider =>
            provider.GetRequiredService<IOptions<FacadeOptions>>().Value.Upstream.Kind == UpstreamKind.Development
                ? provider.GetRequiredService<DevelopmentUpstreamIdentityProvider>()
                : provider.GetRequiredService<OidcUpstreamIdentityProvider>());
        services.AddHttpClient(UpstreamDefaults.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<FacadeOptions>>().Value.Upstream.BackchannelTimeout;
                client.MaxResponseContentBufferSize = UpstreamDefaults.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        services.TryAddSingleton<ConsentCookies>();
        services.TryAddSingleton<UpstreamHandoff>();

        services.TryAddSingleton<AuthorizationServerMetadataEndpoint>();
        services.TryAddSingleton<JwksEndpoint>();
        services.TryAddSingleton<RegistrationEndpoint>();
        services.TryAddSingleton<ClientConfigurationEndpoint>();
        services.TryAddSingleton<AuthorizeEndpoint>();
        services.TryAddSingleton<ConsentEndpoint>();
        services.TryAddSingleton<CallbackEndpoint>();
        services.TryAddSingleton<TokenEndpoint>();
        services.TryAddSingleton<RevocationEndpoint>();
        services.TryAddSingleton<DevelopmentSignInEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FacadeStartupLog>());

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure(cors =>
            cors.AddPolicy(CorsPolicyName, policy => policy.AllowAnyOrigin().WithMethods("GET", "POST").WithHeaders("Authorization", "Content-Type", "Accept", "MCP-Protocol-Version")));
        return services;
    }

    /// <summary>
    /// Maps the façade's endpoints (nothing outside façade mode): RFC 8414 metadata (and the OIDC discovery path),
    /// JWKS, <c>/register</c> and its RFC 7592 <c>/register/{client_id}</c>, <c>/authorize</c> and its consent post, <c>/callback</c>, <c>/token</c>, <c>/revoke</c>, and
    /// the development sign-in page when that upstream is configured. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="AddOAuthFacade"/> was not called.</exception>
    public static IEndpointRouteBuilder MapOAuthFacade(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var marker = endpoints.ServiceProvider.GetService<FacadeEndpointsMarker>()
            ?? throw new InvalidOperationException(
                "MapOAuthFacade() needs the façade's services: call builder.Services.AddOAuthFacade(builder.Configuration) " +
                "(after AddMcpAuthentication) in AddMcpFunctions before mapping it.");
        if (!marker.Enabled || !marker.TryClaimMapping())
        {
            return endpoints;
        }

        var services = endpoints.ServiceProvider;
        endpoints.MapGet(OAuthConstants.Paths.AuthorizationServerMetadata, Handle<AuthorizationServerMetadataEndpoint>(e => e.HandleAsync))
            .RequireCors(CorsPolicyName).WithDisplayName("OAuth authorization server metadata");
        endpoints.MapGet(OAuthConstants.Paths.OpenIdConfiguration, Handle<AuthorizationServerMetadataEndpoint>(e => e.HandleAsync))
            .RequireCors(CorsPolicyName).WithDisplayName("OAuth authorization server metadata (OIDC discovery path)");
        endpoints.MapGet(OAuthConstants.Paths.Jwks, Handle<JwksEndpoint>(e => e.HandleAsync))
            .RequireCors(CorsPolicyName).WithDisplayName("OAuth JWKS");
        endpoints.MapPost(OAuthConstants.Paths.Register, Handle<RegistrationEndpoint>(e => e.HandleAsync))
            .RequireCors(CorsPolicyName).WithDisplayName("OAuth dynamic client registration");
        // Every method reaches the handler, which answers 405 with Allow itself (DESIGN.md §1: the host 404s undeclared methods).
        endpoints.Map(OAuthConstants.Paths.ClientConfiguration, Handle<ClientConfigurationEndpoint>(e => e.HandleAsync))
            .WithDisplayName("OAuth client configuration (RFC 7592)");
        endpoints.MapGet(OAuthConstants.Paths.Authorize, Handle<AuthorizeEndpoint>(e => e.HandleAsync))
            .WithDisplayName("OAuth authorize");
        endpoints.MapPost(OAuthConstants.Paths.Consent, Handle<ConsentEndpoint>(e => e.HandleAsync))
            .WithDisplayName("OAuth consent");
        endpoints.MapGet(OAuthConstants.Paths.Callback, Handle<CallbackEndpoint>(e => e.HandleAsync))
            .WithDisplayName("OAuth upstream callback");
        endpoints.MapPost(OAuthConstants.Paths.Token, Handle<TokenEndpoint>(e => e.HandleAsync))
            .RequireCors(CorsPolicyName).WithDisplayName("OAuth token");
        endpoints.MapPost(OAuthConstants.Paths.Revoke, Handle<RevocationEndpoint>(e => e.HandleAsync))
            .RequireCors(CorsPolicyName).WithDisplayName("OAuth revocation");

        if (services.GetRequiredService<IOptions<FacadeOptions>>().Value.Upstream.Kind == UpstreamKind.Development)
        {
            endpoints.MapGet(OAuthConstants.Paths.DevelopmentSignIn, Handle<DevelopmentSignInEndpoint>(e => e.GetAsync))
                .WithDisplayName("Development upstream sign-in page");
            endpoints.MapPost(OAuthConstants.Paths.DevelopmentSignIn, Handle<DevelopmentSignInEndpoint>(e => e.PostAsync))
                .WithDisplayName("Development upstream sign-in");
        }

        return endpoints;
    }

    private static RequestDelegate Handle<TEndpoint>(Func<TEndpoint, RequestDelegate> select)
        where TEndpoint : notnull =>
        context => FacadeStorageFaults.RunAsync(context, select(context.RequestServices.GetRequiredService<TEndpoint>()));
}
