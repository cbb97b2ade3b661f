using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// Any OpenID Connect provider found by discovery (Entra ID, Auth0, Google, Okta, Keycloak) as the façade's
/// upstream. The façade is an ordinary confidential client there: its own client id, PKCE S256, <c>state</c> and
/// nonce; a client secret (HTTP Basic, or form post when that is all the provider offers) or, for Entra ID, a
/// managed-identity client assertion. The MCP client's <c>resource</c> is never forwarded.
/// </summary>
/// <remarks>
/// Redemption, in order: discovery (<see cref="UpstreamMetadata"/>) → token endpoint allowed by
/// <see cref="BackchannelUrlPolicy"/> → code exchange answered 200 with an <c>id_token</c>
/// (<see cref="UpstreamCodeExchange"/>) → the ID token's checks (<see cref="UpstreamIdTokenValidator"/>) →
/// optionally userinfo with the same <c>sub</c> (<see cref="UpstreamUserinfo"/>).
/// </remarks>
internal sealed class OidcUpstreamIdentityProvider(
    IOptions<FacadeOptions> options,
    UpstreamMetadata metadata,
    UpstreamCodeExchange codeExchange,
    UpstreamIdTokenValidator idTokens,
    UpstreamUserinfo userinfo) : IUpstreamIdentityProvider
{
    private const string Unreachable = "The identity provider cannot be reached right now. Try again in a moment.";

    private readonly UpstreamOptions _options = options.Value.Upstream;

    public string DisplayName => Uri.TryCreate(_options.Authority, UriKind.Absolute, out var authority) ? authority.Host : "the identity provider";

    private IReadOnlyList<string> Scopes => _options.Scopes.Count > 0 ? _options.Scopes : UpstreamDefaults.Scopes;

    public async Task<UpstreamResult<Uri>> CreateAuthorizationUriAsync(UpstreamAuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configuration = await metadata.GetAsync(cancellationToken);
        if (configuration is null || string.IsNullOrEmpty(configuration.AuthorizationEndpoint))
        {
            return UpstreamResult<Uri>.Failure(
                OAuthError.TemporarilyUnavailable(Unreachable),
                "the provider's OpenID configuration could not be loaded or has no authorization_endpoint");
        }

        // Only the façade's own parameters: the MCP client's resource, scope and state stay here.
        var uri = ClientRedirect.Build(configuration.AuthorizationEndpoint,
        [
            new(OAuthConstants.Parameters.ResponseType, OAuthConstants.ResponseTypes.Code),
            new(OAuthConstants.Parameters.ClientId, _options.ClientId),
            new(OAuthConstants.Parameters.RedirectUri, request.RedirectUri),
            new(OAuthConstants.Parameters.Scope, string.Join(' ', Scopes)),
            new(OAuthConstants.Parameters.State, request.State),
            new(OAuthConstants.Parameters.Nonce, request.Nonce),
            new(OAuthConstants.Parameters.CodeChallenge, request.CodeChallenge),
            new(OAuthConstants.Parameters.CodeChallengeMethod, OAuthConstants.CodeChallengeMethods.S256),
        ]);
        return UpstreamResult<Uri>.Success(new Uri(uri));
    }

    public async Task<UpstreamResult<UpstreamIdentity>> RedeemAsync(UpstreamCodeRedemption redemption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        var configuration = await metadata.GetAsync(cancellationToken);
        if (configuration is null || string.IsNullOrEmpty(configuration.TokenEndpoint))
        {
            return Failed("the provider's OpenID configuration could not be loaded or has no token_endpoint", temporarily: true);
        }

        if (!BackchannelUrlPolicy.IsAllowed(configuration.TokenEndpoint, _options.RequireHttpsMetadata))
        {
            return Failed($"token_endpoint {configuration.TokenEndpoint} {BackchannelUrlPolicy.Requirement(_options.RequireHttpsMetadata, UpstreamDefaults.RequireHttpsSetting)}");
        }

        var tokens = await codeExchange.RedeemAsync(configuration, redemption, cancellationToken);
        if (tokens.Value is not { } response)
        {
            return Failed(tokens.Error!, tokens.Temporary);
        }

        var idToken = await idTokens.ValidateAsync(response.IdToken, redemption.Nonce, configuration, cancellationToken);
        if (idToken.Value is not { } jwt)
        {
            return Failed("ID token rejected: " + idToken.Error);
        }

        var name = JwtReader.Claim(jwt, "name") ?? JwtReader.Claim(jwt, "preferred_username");
        var email = JwtReader.Claim(jwt, "email");
        if (_options.CallUserinfo)
        {
            var profile = await userinfo.GetAsync(configuration, response.AccessToken, jwt.Subject, cancellationToken);
            if (profile.Value is null)
            {
                return Failed("userinfo: " + profile.Error);
            }

            name = profile.Value.Name ?? name;
            email = profile.Value.Email ?? email;
        }

        return UpstreamResult<UpstreamIdentity>.Success(new UpstreamIdentity(jwt.Subject, jwt.Issuer, name, email, response.RefreshToken));
    }

    private static UpstreamResult<UpstreamIdentity> Failed(string reason, bool temporarily = false) =>
        UpstreamResult<UpstreamIdentity>.Failure(
            temporarily
                ? OAuthError.TemporarilyUnavailable(Unreachable)
                : OAuthError.ServerError("The sign-in at the identity provider could not be completed."),
            reason);
}
