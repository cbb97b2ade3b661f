namespace McpFunctions.OpenIdConnect;

internal static class BackchannelHttpClientExtensions
{
    /// <summary>
    /// Registers the named client for calls to an identity provider: the timeout the caller's options give (an
    /// outbound call a request waits on has a budget), responses capped at <see cref="OpenIdConnectDefaults.MaxResponseBytes"/>,
    /// no redirects (a redirect would leave the addresses <see cref="BackchannelUrlPolicy"/> allowed) and no cookies.
    /// </summary>
    public static IHttpClientBuilder AddBackchannelHttpClient(this IServiceCollection services, string name, Func<IServiceProvider, TimeSpan> timeout)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(timeout);
        return services.AddHttpClient(name)
            .ConfigureHttpClient((provider, client) =>
            {
                client.Timeout = timeout(provider);
                client.MaxResponseContentBufferSize = OpenIdConnectDefaults.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }
}
