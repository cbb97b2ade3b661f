using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// Says at start-up how tokens will be validated, and warns when userinfo validation is on (DESIGN.md §5:
/// a token the IdP's userinfo endpoint accepts may have been issued for any of its applications).
/// Contacts nobody: the metadata is read on the first token, not here (cold start).
/// </summary>
internal sealed partial class TokenValidationStartupCheck(IOptions<AuthOptions> options, ILogger<TokenValidationStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value;
        if (auth.Mode != AuthMode.External)
        {
            return Task.CompletedTask;
        }

        var metadata = ProviderMetadataRetriever.AddressesFor(auth.Authority, auth.MetadataAddress);
        Log.Summary(
            logger,
            metadata.Count > 0 ? metadata[0] : "(none)",
            auth.Introspection.Enabled ? "on" : "off",
            auth.Userinfo.Enabled ? "on" : "off");

        if (auth.Userinfo.Enabled)
        {
            Log.UserinfoCannotProveAudience(logger, string.Join(' ', auth.Userinfo.GrantedScopes));
        }
        else if (!auth.Introspection.Enabled)
        {
            Log.OnlySignedTokens(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2150, Level = LogLevel.Information, Message = "Token validation: JWT access tokens via JWKS from {MetadataAddress} (read on the first token); introspection {Introspection}; userinfo {Userinfo}")]
        public static partial void Summary(ILogger logger, string metadataAddress, string introspection, string userinfo);

        [LoggerMessage(EventId = 2151, Level = LogLevel.Warning, Message =
            "Auth:Userinfo is enabled: tokens without a kid (JWE or opaque, like Auth0's when no API audience is requested) are accepted when the IdP's userinfo endpoint answers for them, " +
            "and are granted the scopes [{Scopes}]. Userinfo cannot prove that a token was issued for this server: a token for any other application of the same IdP passes too. " +
            "Prefer JWT access tokens issued for this server: in Auth0, create an API whose identifier is this server's URL and set it as the tenant's Default Audience " +
            "(or add it to Auth:Audiences if it differs), then turn Auth:Userinfo off; or run with Auth:Mode=Facade, where this server issues its own audience-bound tokens.")]
        public static partial void UserinfoCannotProveAudience(ILogger logger, string scopes);

        [LoggerMessage(EventId = 2152, Level = LogLevel.Information, Message = "Neither Auth:Introspection nor Auth:Userinfo is enabled: only signed JWT access tokens with a kid are accepted; JWE and opaque tokens get 401")]
        public static partial void OnlySignedTokens(ILogger logger);
    }
}
