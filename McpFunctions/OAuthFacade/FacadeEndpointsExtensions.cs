using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Consent;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Upstream;
using McpFunctions.OpenIdConnect;
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
        services.AddClientResolution();
        services.AddUpstream();
        services.AddEndpoints();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure(cors =>
            cors.AddPolicy(CorsPolicyName, policy => policy.AllowAnyOrigin().WithMethods("GET", "POST").WithHeaders("Authorization", "Content-Type", "Accept", "MCP-Protocol-Version")));
        return services;
    }

    // Registrations and Client ID Metadata Documents; a document is fetched only from public addresses, on a client of its own.
    private static void AddClientResolution(this IServiceCollection services)
    {
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
    }

    // The provider chosen by Facade:Upstream:Kind, and the OIDC one's pieces on the shared back channel.
    private static void AddUpstream(this IServiceCollection services)
    {
        services.TryAddSingleton<ManagedIdentityClientAssertion>();
        services.TryAddSingleton<UpstreamMetadata>();
        services.TryAddSingleton<UpstreamCodeExchange>();
        services.TryAddSingleton<UpstreamIdTokenValidator>();
        services.TryAddSingleton<UpstreamUserinfo>();
        services.TryAddSingleton<OidcUpstreamIdentityProvider>();
        services.TryAddSingleton<DevelopmentUpstreamIdentityProvider>();
        services.TryAddSingleton<IUpstreamIdentityProvider>(provider =>
            provider.GetRequiredService<IOptions<FacadeOptions>>().Value.Upstream.Kind == UpstreamKind.Development
                ? provider.GetRequiredService<DevelopmentUpstreamIdentityProvider>()
                : provider.GetRequiredService<OidcUpstreamIdentityProvider>());
        services.AddBackchannelHttpClient(
            UpstreamDefaults.HttpClientName, provider => provider.GetRequiredService<IOptions<FacadeOptions>>().Value.Upstream.BackchannelTimeout);
    }

    private static void AddEndpoints(this IServiceCollection services)
    {
        services.TryAddSingleton<FacadeUrls>();
        services.TryAddSingleton<FacadeScopes>();
        services.TryAddSingleton<ResourceIndicators>();
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
    }

    /// <summary>The endpoints browser-based clients call directly, under <see cref="CorsPolicyName"/>: metadata, JWKS, register, token, revoke.</summary>
    public static bool IsBrowserCallablePath(PathString path) =>
        path.Equals(OAuthConstants.Paths.AuthorizationServerMetadata, StringComparison.Ordinal)
        || path.Equals(OAuthConstants.Paths.OpenIdConfiguration, StringComparison.Ordinal)
        || path.Equals(OAuthConstants.Paths.Jwks, StringComparison.Ordinal)
        || path.Equals(OAuthConstants.Paths.Register, StringComparison.Ordinal)
        || path.Equals(OAuthConstants.Paths.Token, StringComparison.Ordinal)
        || path.Equals(OAuthConstants.Paths.Revoke, StringComparison.Ordinal);

    /// <summary>
    /// Runs the façade endpoint <typeparamref name="TEndpoint"/> for one request arriving on its function route. Order:
    /// outside façade mode (or, for the development sign-in, without that upstream) the route answers 404 like an
    /// unmapped one; a method the endpoint does not serve gets 405 with <c>Allow</c> (a plain OPTIONS 204 with it;
    /// a CORS preflight was answered before this); then the endpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="AddOAuthFacade"/> was not called.</exception>
    public static Task InvokeAsync<TEndpoint>(
        HttpContext context,
        Func<TEndpoint, RequestDelegate>? get = null,
        Func<TEndpoint, RequestDelegate>? post = null,
        bool requiresDevelopmentUpstream = false)
        where TEndpoint : notnull
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        if (!IsServed(services)
            || (requiresDevelopmentUpstream && services.GetRequiredService<IOptions<FacadeOptions>>().Value.Upstream.Kind != UpstreamKind.Development))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var select = HttpMethods.IsGet(context.Request.Method) ? get : HttpMethods.IsPost(context.Request.Method) ? post : null;
        if (select is null)
        {
            context.Response.StatusCode = HttpMethods.IsOptions(context.Request.Method) ? StatusCodes.Status204NoContent : StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = (get, post) switch
            {
                (not null, not null) => "GET, POST, OPTIONS",
                (not null, null) => "GET, OPTIONS",
                _ => "POST, OPTIONS",
            };
            return Task.CompletedTask;
        }

        return FacadeStorageFaults.RunAsync(context, select(services.GetRequiredService<TEndpoint>()));
    }

    /// <summary>
    /// Runs a façade endpoint that answers every method itself (RFC 7592's client configuration endpoint answers
    /// 405 with <c>Allow</c> for what it does not serve). Outside façade mode the route answers 404 like an unmapped one.
    /// </summary>
    public static Task InvokeEveryMethodAsync<TEndpoint>(HttpContext context, Func<TEndpoint, RequestDelegate> handle)
        where TEndpoint : notnull
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handle);
        var services = context.RequestServices;
        if (!IsServed(services))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return FacadeStorageFaults.RunAsync(context, handle(services.GetRequiredService<TEndpoint>()));
    }

    /// <summary>Whether the façade serves its routes (façade mode); fails with what to call when it was never added.</summary>
    /// <exception cref="InvalidOperationException"><see cref="AddOAuthFacade"/> was not called.</exception>
    private static bool IsServed(IServiceProvider services) =>
        (services.GetService<FacadeEndpointsMarker>()
            ?? throw new InvalidOperationException(
                "The façade's functions need its services: call builder.Services.AddOAuthFacade(builder.Configuration) " +
                "(after AddMcpAuthentication) in AddMcpFunctions.")).Enabled;
}
