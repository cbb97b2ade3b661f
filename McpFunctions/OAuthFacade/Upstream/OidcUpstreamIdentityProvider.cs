using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.ResourceServer.TokenValidation;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// Any OpenID Connect provider found by discovery (Entra ID, Auth0, Google, Okta, Keycloak) as the façade's
/// upstream. The façade is an ordinary confidential client there: its own client id, PKCE S256, <c>state</c> and
/// nonce; a client secret (HTTP Basic, or form post when that is all the provider offers) or, for Entra ID, a
/// managed-identity client assertion. The MCP client's <c>resource</c> is never forwarded.
/// </summary>
/// <remarks>
/// Redemption checks, in order: token endpoint answers 200 with JSON → an <c>id_token</c> is present → its
/// algorithm is asymmetric → signature against the provider's JWKS (one reload for an unknown key) → issuer =
/// the discovery issuer → audience = our client id (and <c>azp</c> when there are several) → lifetime on the
/// injected clock → nonce = ours (fixed time) → <c>sub</c> present → optionally userinfo with the same <c>sub</c>.
/// </remarks>
internal sealed partial class OidcUpstreamIdentityProvider(
    IOptions<FacadeOptions> options,
    IHttpClientFactory httpClientFactory,
    ManagedIdentityClientAssertion clientAssertion,
    TimeProvider timeProvider,
    ILogger<OidcUpstreamIdentityProvider> logger) : IUpstreamIdentityProvider
{
    private readonly UpstreamOptions _options = options.Value.Upstream;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Lock _gate = new();
    private ConfigurationManager<OpenIdConnectConfiguration>? _manager;
    private DateTimeOffset? _lastKeyRefresh;

    public string DisplayName => Uri.TryCreate(_options.Authority, UriKind.Absolute, out var authority) ? authority.Host : "the identity provider";

    private IReadOnlyList<string> Scopes => _options.Scopes.Count > 0 ? _options.Scopes : UpstreamDefaults.Scopes;

    public async Task<UpstreamResult<Uri>> CreateAuthorizationUriAsync(UpstreamAuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configuration = await LoadConfigurationAsync(cancellationToken);
        if (configuration is null || string.IsNullOrEmpty(configuration.AuthorizationEndpoint))
        {
            return UpstreamResult<Uri>.Failure(
                OAuthError.TemporarilyUnavailable("The identity provider cannot be reached right now. Try again in a moment."),
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
        var configuration = await LoadConfigurationAsync(cancellationToken);
        if (configuration is null || string.IsNullOrEmpty(configuration.TokenEndpoint))
        {
            return Failed("the provider's OpenID configuration could not be loaded or has no token_endpoint", temporarily: true);
        }

        if (!BackchannelUrlPolicy.IsAllowed(configuration.TokenEndpoint, _options.RequireHttpsMetadata))
        {
            return Failed($"token_endpoint {configuration.TokenEndpoint} {BackchannelUrlPolicy.Requirement(_options.RequireHttpsMetadata)}");
        }

        var tokens = await ExchangeCodeAsync(configuration, redemption, cancellationToken);
        if (tokens.Error is not null)
        {
            return Failed(tokens.Error, tokens.Temporary);
        }

        var idToken = await ValidateIdTokenAsync(tokens.IdToken!, redemption.Nonce, configuration, cancellationToken);
        if (idToken.Error is not null)
        {
            return Failed("ID token rejected: " + idToken.Error);
        }

        var jwt = idToken.Token!;
        var name = Claim(jwt, "name") ?? Claim(jwt, "preferred_username");
        var email = Claim(jwt, "email");
        if (_options.CallUserinfo)
        {
            var userinfo = await CallUserinfoAsync(configuration, tokens.AccessToken, jwt.Subject, cancellationToken);
            if (userinfo.Error is not null)
            {
                return Failed("userinfo: " + userinfo.Error);
            }

            name = userinfo.Name ?? name;
            email = userinfo.Email ?? email;
        }

        return UpstreamResult<UpstreamIdentity>.Success(new UpstreamIdentity(jwt.Subject, jwt.Issuer, name, email, tokens.RefreshToken));
    }

    private static UpstreamResult<UpstreamIdentity> Failed(string reason, bool temporarily = false) =>
        UpstreamResult<UpstreamIdentity>.Failure(
            temporarily
                ? OAuthError.TemporarilyUnavailable("The identity provider cannot be reached right now. Try again in a moment.")
                : OAuthError.ServerError("The sign-in at the identity provider could not be completed."),
            reason);

    private async Task<(string? IdToken, string? AccessToken, string? RefreshToken, string? Error, bool Temporary)> ExchangeCodeAsync(
        OpenIdConnectConfiguration configuration, UpstreamCodeRedemption redemption, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new(OAuthConstants.Parameters.GrantType, OAuthConstants.GrantTypes.AuthorizationCode),
            new(OAuthConstants.Parameters.Code, redemption.Code),
            new(OAuthConstants.Parameters.RedirectUri, redemption.RedirectUri),
            new(OAuthConstants.Parameters.CodeVerifier, redemption.CodeVerifier),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint);
        try
        {
            await AuthenticateClientAsync(request, form, configuration, cancellationToken);
        }
        catch (Exception exception) when (exception is Azure.Identity.AuthenticationFailedException or Azure.RequestFailedException)
        {
            return (null, null, null, "the managed identity could not provide a client assertion: " + exception.Message, true);
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var reply = await SendForJsonAsync(request, cancellationToken);
        if (reply.Error is not null)
        {
            return (null, null, null, "token endpoint: " + reply.Error, reply.Temporary);
        }

        using var document = reply.Document!;
        var root = document.RootElement;
        if (reply.Status != 200)
        {
            var error = String(root, OAuthConstants.Parameters.Error) ?? "(no error code)";
            var description = String(root, OAuthConstants.Parameters.ErrorDescription);
            return (null, null, null, $"token endpoint answered {reply.Status} {error} {description}".TrimEnd(), reply.Status >= 500);
        }

        var idToken = String(root, OAuthConstants.Parameters.IdToken);
        return idToken is null
            ? (null, null, null, "the token response has no id_token (is 'openid' among Facade:Upstream:Scopes?)", false)
            : (idToken, String(root, OAuthConstants.Parameters.AccessToken), String(root, OAuthConstants.Parameters.RefreshToken), null, false);
    }

    // RFC 6749 §2.3.1 for a secret (Basic unless the provider only offers form post); RFC 7523 §2.2 for the
    // managed-identity assertion. The client id is always in the form too: Entra wants it with an assertion.
    private async Task AuthenticateClientAsync(
        HttpRequestMessage request, List<KeyValuePair<string, string>> form, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        var clientId = _options.ClientId!;
        if (_options.UseManagedIdentityFederation)
        {
            form.Add(new(OAuthConstants.Parameters.ClientId, clientId));
            form.Add(new(OAuthConstants.Parameters.ClientAssertionType, OAuthConstants.JwtBearerClientAssertionType));
            form.Add(new(OAuthConstants.Parameters.ClientAssertion, await clientAssertion.GetAssertionAsync(cancellationToken)));
            return;
        }

        var secret = _options.ClientSecret!;
        var methods = configuration.TokenEndpointAuthMethodsSupported;
        var post = string.IsNullOrEmpty(_options.ClientAuthenticationMethod)
            ? methods.Count > 0
                && !methods.Contains(OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic)
                && methods.Contains(OAuthConstants.ClientAuthenticationMethods.ClientSecretPost)
            : _options.ClientAuthenticationMethod == OAuthConstants.ClientAuthenticationMethods.ClientSecretPost;
        if (post)
        {
            form.Add(new(OAuthConstants.Parameters.ClientId, clientId));
            form.Add(new(OAuthConstants.Parameters.ClientSecret, secret));
            return;
        }

        var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    private async Task<(JsonWebToken? Token, string? Error)> ValidateIdTokenAsync(
        string idToken, string expectedNonce, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(idToken);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return (null, "not a well-formed JWT");
        }

        if (!UpstreamDefaults.IdTokenAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return (null, $"JWS algorithm '{jwt.Alg}' is not allowed");
        }

        var result = await _handler.ValidateTokenAsync(jwt, Parameters(configuration));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && await ReloadKeysAsync(cancellationToken) is { } reloaded)
        {
            configuration = reloaded;
            result = await _handler.ValidateTokenAsync(jwt, Parameters(configuration));
        }

        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenInvalidIssuerException => $"issuer '{jwt.Issuer}' is not '{configuration.Issuer}' (use a tenant-specific authority for Entra ID)",
                SecurityTokenInvalidAudienceException => $"audience [{string.Join(", ", jwt.Audiences)}] is not the façade's client id",
                SecurityTokenExpiredException => "the ID token has expired",
                SecurityTokenNotYetValidException => "the ID token is not valid yet",
                SecurityTokenSignatureKeyNotFoundException => $"no key with kid '{jwt.Kid}' in the provider's JWKS",
                SecurityTokenInvalidSignatureException => "the signature does not verify",
                null => "validation failed",
                var other => $"validation failed ({other.GetType().Name}: {other.Message})",
            });
        }

        // OIDC Core §3.1.3.7: with several audiences, azp must be this client.
        if (jwt.Audiences.Count() > 1 && Claim(jwt, "azp") != _options.ClientId)
        {
            return (null, "the ID token has several audiences and its azp is not the façade's client id");
        }

        var nonce = Claim(jwt, OAuthConstants.Parameters.Nonce);
        if (nonce is null || !OAuthSecrets.FixedTimeEquals(nonce, expectedNonce))
        {
            return (null, "the nonce does not match the one sent with the authorization request");
        }

        return string.IsNullOrEmpty(jwt.Subject) ? (null, "the ID token has no sub claim") : (jwt, null);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidateIssuer = true,
        ValidAudience = _options.ClientId,
        ValidateAudience = true,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = UpstreamDefaults.IdTokenAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        LifetimeValidator = ValidateLifetime,
        ClockSkew = UpstreamDefaults.ClockSkew,
    };

    // TokenValidationParameters.TimeProvider is internal in IdentityModel 8.x: lifetime is checked on the injected clock.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        NumericDateClaims.Require(token);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The ID token has no exp claim.");
        }

        // IdentityModel passes DateTime.MinValue for an absent nbf on some paths (an unknown key): compare without subtracting from it.
        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The ID token is not valid yet.") { NotBefore = nbf };
        }

        if (exp < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The ID token has expired.") { Expires = exp };
        }

        return true;
    }

    private async Task<(string? Name, string? Email, string? Error)> CallUserinfoAsync(
        OpenIdConnectConfiguration configuration, string? accessToken, string subject, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(configuration.UserInfoEndpoint) || accessToken is null)
        {
            return (null, null, "the provider has no userinfo_endpoint or issued no access token");
        }

        if (!BackchannelUrlPolicy.IsAllowed(configuration.UserInfoEndpoint, _options.RequireHttpsMetadata))
        {
            return (null, null, $"userinfo_endpoint {BackchannelUrlPolicy.Requirement(_options.RequireHttpsMetadata)}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, configuration.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var reply = await SendForJsonAsync(request, cancellationToken);
        if (reply.Error is not null)
        {
            return (null, null, reply.Error);
        }

        using var document = reply.Document!;
        if (reply.Status != 200)
        {
            return (null, null, $"answered {reply.Status}");
        }

        // OIDC Core §5.3.2: the userinfo sub MUST equal the ID token's, or the response must not be used.
        var root = document.RootElement;
        return String(root, "sub") == subject
            ? (String(root, "name") ?? String(root, "preferred_username"), String(root, "email"), null)
            : (null, null, "its sub differs from the ID token's");
    }

    private async Task<(int Status, JsonDocument? Document, string? Error, bool Temporary)> SendForJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(UpstreamDefaults.HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    return ((int)response.StatusCode, null, $"answered {(int)response.StatusCode} with JSON that is not an object", false);
                }

                return ((int)response.StatusCode, document, null, false);
            }
            catch (JsonException)
            {
                return ((int)response.StatusCode, null, $"answered {(int)response.StatusCode} with a body that is not JSON", (int)response.StatusCode >= 500);
            }
        }
        catch (HttpRequestException exception)
        {
            return (0, null, "unreachable: " + exception.Message, true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, null, $"no answer within {_options.BackchannelTimeout.TotalSeconds:0.#} s", true);
        }
    }

    private async Task<OpenIdConnectConfiguration?> LoadConfigurationAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Manager().GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            Log.DiscoveryFailed(logger, _options.Authority ?? "(none)", exception.Message);
            return null;
        }
    }

    // Key rollover: a new manager loads fresh keys at once (RequestRefresh reloads in the background), at most once per interval.
    private async Task<OpenIdConnectConfiguration?> ReloadKeysAsync(CancellationToken cancellationToken)
    {
        ConfigurationManager<OpenIdConnectConfiguration> manager;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_lastKeyRefresh is { } last && now < last + UpstreamDefaults.KeyRefreshInterval)
            {
                return null;
            }

            _lastKeyRefresh = now;
            manager = CreateManager();
        }

        try
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken);
            lock (_gate)
            {
                _manager = manager;
            }

            return configuration;
        }
        catch (InvalidOperationException exception)
        {
            Log.DiscoveryFailed(logger, _options.Authority ?? "(none)", exception.Message);
            return null;
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager()
    {
        lock (_gate)
        {
            return _manager ??= CreateManager();
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateManager()
    {
        var metadataAddress = _options.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        var documents = new UpstreamDocumentRetriever(httpClientFactory, _options.RequireHttpsMetadata);
        return new ConfigurationManager<OpenIdConnectConfiguration>(metadataAddress, new OpenIdConnectConfigurationRetriever(), documents);
    }

    private static string? Claim(JsonWebToken jwt, string type) => jwt.TryGetPayloadValue<string>(type, out var value) ? value : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5601, Level = LogLevel.Error, Message = "Upstream OpenID configuration of {Authority} could not be loaded: {Reason}")]
        public static partial void DiscoveryFailed(ILogger logger, string authority, string reason);
    }
}
