using McpFunctions.OAuthFacade.Upstream;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// Says at start-up what the façade is: its issuer, its upstream, and loudly when that is the development page.
/// Written once the server has started, since a local run's issuer is the address Kestrel binds.
/// </summary>
internal sealed partial class FacadeStartupLog(
    FacadeUrls urls,
    IUpstreamIdentityProvider upstream,
    RedirectUriPolicy redirectUris,
    IOptions<FacadeOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<FacadeStartupLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write()
    {
        var facade = options.Value;
        if (facade.Upstream.Kind == UpstreamKind.Development)
        {
            Log.DevelopmentUpstream(logger, urls.Absolute(OAuthConstants.Paths.DevelopmentSignIn));
        }

        Log.Started(logger, urls.Issuer, upstream.DisplayName, urls.Callback,
            facade.ClientMetadataDocuments.Enabled ? "accepted (clients may use an https URL as their client_id)" : "not accepted (Facade:ClientMetadataDocuments:Enabled=false; clients register dynamically)",
            facade.AllowAnyHttpsRedirectUri ? "any https URI, plus " + string.Join(' ', redirectUris.AllowedRedirectUris) : string.Join(' ', redirectUris.AllowedRedirectUris));
        if (facade.ClientMetadataDocuments.AllowLoopbackHostsForTesting)
        {
            Log.LoopbackMetadataDocuments(logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5560, Level = LogLevel.Information, Message = "OAuth façade: issuer {Issuer}, users sign in at {Upstream} (callback {Callback}); client ID metadata documents {MetadataDocuments}; redirect URIs allowed: {AllowedRedirectUris}")]
        public static partial void Started(ILogger logger, string issuer, string upstream, string callback, string metadataDocuments, string allowedRedirectUris);

        [LoggerMessage(EventId = 5561, Level = LogLevel.Warning, Message = "OAuth façade upstream is the DEVELOPMENT sign-in page at {SignInUrl}: anyone reaching it can continue as anyone. Local use only.")]
        public static partial void DevelopmentUpstream(ILogger logger, string signInUrl);

        [LoggerMessage(EventId = 5562, Level = LogLevel.Warning, Message = "Facade:ClientMetadataDocuments:AllowLoopbackHostsForTesting is on: client metadata documents on loopback hosts are fetched over http. Tests only.")]
        public static partial void LoopbackMetadataDocuments(ILogger logger);
    }
}
