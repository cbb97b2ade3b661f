using System.Net.Http.Headers;
using System.Security.Claims;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// The first seed's validation path for Auth0 JWE tokens (Phase 4: "Token has no kid - using Auth0
/// userinfo for validation", 227 ms): the token is valid if the IdP's userinfo endpoint accepts it.
/// </summary>
/// <remarks>
/// Userinfo proves the IdP issued the token and who the user is, not that it was issued for this
/// server (any token of the same tenant with <c>openid</c> passes) and not its scopes or expiry: the
/// scopes granted are <see cref="UserinfoOptions.GrantedScopes"/>, and the result cache's TTL bounds how
/// long a revoked token keeps working. Hence opt-in and a start-up warning (DESIGN.md §5).
/// Checks, in order: endpoint known → GET with the bearer token → 200 JSON object with <c>sub</c> is
/// Valid, 401/403 is Invalid, anything else (5xx, timeout, refused connection) is Unavailable.
/// </remarks>
internal sealed partial class UserinfoTokenValidator(
    IHttpClientFactory httpClientFactory,
    AuthorizationServerMetadata metadata,
    IOptions<AuthOptions> options,
    ILogger<UserinfoTokenValidator> logger) : ITokenValidator
{
    private readonly AuthOptions _options = options.Value;

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var endpoint = await BackchannelEndpoint.ResolveAsync(
            _options.Userinfo.Endpoint, c => c.UserInfoEndpoint, "userinfo_endpoint", "Auth:Userinfo:Endpoint", metadata, _options.RequireHttpsMetadata, cancellationToken);
        if (endpoint.Failure is not null)
        {
            Log.EndpointUnavailable(logger, endpoint.Failure);
            return TokenValidationResult.Unavailable(endpoint.Failure);
        }

        Log.CallingUserinfo(logger, endpoint.Uri!);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var reply = await BackchannelJson.SendAsync(httpClientFactory, TokenValidationDefaults.HttpClientName, request, cancellationToken);
        if (reply.StatusCode is 401 or 403)
        {
            // RFC 6750 §3.1: invalid_token (401) or insufficient_scope (403) — the IdP does not accept this token.
            return TokenValidationResult.Invalid($"the userinfo endpoint refused the token ({reply.StatusCode})");
        }

        if (reply.Failure is not null)
        {
            return TokenValidationResult.Unavailable("userinfo " + reply.Failure);
        }

        var root = reply.Document!.RootElement;
        var subject = TokenClaimReader.String(root, TokenClaimNames.Subject);
        if (subject is null)
        {
            return TokenValidationResult.Invalid("the userinfo response has no sub");
        }

        var claims = TokenClaimReader.FromJson(root, endpoint.Uri!.GetLeftPart(UriPartial.Authority));
        var scopes = _options.Userinfo.GrantedScopes.Count > 0 ? _options.Userinfo.GrantedScopes : _options.Scopes;
        return TokenValidationResult.Valid(new ValidatedToken(
            subject,
            new HashSet<string>(scopes, StringComparer.Ordinal),
            null,
            null,
            new ClaimsPrincipal(new ClaimsIdentity(claims, TokenValidationDefaults.AuthenticationType, TokenClaimNames.Subject, null)),
            TokenValidationMethod.Userinfo));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2140, Level = LogLevel.Information, Message = "Validating token via userinfo: {Endpoint}")]
        public static partial void CallingUserinfo(ILogger logger, Uri endpoint);

        [LoggerMessage(EventId = 2141, Level = LogLevel.Error, Message = "Userinfo validation is not possible: {Reason}")]
        public static partial void EndpointUnavailable(ILogger logger, string reason);
    }
}
