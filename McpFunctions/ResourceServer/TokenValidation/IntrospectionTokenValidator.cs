using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>
/// RFC 7662 token introspection for tokens this server cannot verify itself (JWE, opaque, JWS without kid).
/// </summary>
/// <remarks>
/// Checks, in order: endpoint known (option, else metadata <c>introspection_endpoint</c>) → POST answered
/// 2xx with a JSON object (else Unavailable) → <c>active</c> is true → <c>token_type</c> is Bearer when given
/// → <c>exp</c>/<c>nbf</c> hold on the injected clock → <c>aud</c> present and one of this server's
/// audiences (RFC 8707; a token for another API must not work here) → a subject (<c>sub</c>, else the
/// client id of a client-credentials token).
/// </remarks>
internal sealed partial class IntrospectionTokenValidator(
    IHttpClientFactory httpClientFactory,
    AuthorizationServerMetadata metadata,
    ProtectedResourceUris resourceUris,
    IOptions<AuthOptions> options,
    TimeProvider timeProvider,
    ILogger<IntrospectionTokenValidator> logger) : ITokenValidator
{
    private readonly AuthOptions _options = options.Value;

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var endpoint = await BackchannelEndpoint.ResolveAsync(
            _options.Introspection.Endpoint, c => c.IntrospectionEndpoint, "introspection_endpoint", "Auth:Introspection:Endpoint", metadata, _options.RequireHttpsMetadata, cancellationToken);
        if (endpoint.Failure is not null)
        {
            Log.EndpointUnavailable(logger, endpoint.Failure);
            return TokenValidationResult.Unavailable(endpoint.Failure);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Uri)
        {
            Content = new FormUrlEncodedContent(
            [
                new(IntrospectionParameters.Token, token),
                new(IntrospectionParameters.TokenTypeHint, IntrospectionParameters.AccessToken),
            ]),
        };
        request.Headers.Authorization = BasicCredentials(_options.Introspection.ClientId ?? string.Empty, _options.Introspection.ClientSecret ?? string.Empty);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await BackchannelJson.SendAsync(httpClientFactory, TokenValidationDefaults.HttpClientName, request, cancellationToken);
        if (response.Failure is not null)
        {
            if (response.StatusCode is 401 or 403)
            {
                Log.ClientRejected(logger, response.StatusCode.Value);
            }

            return TokenValidationResult.Unavailable("introspection " + response.Failure);
        }

        return Evaluate(response.Document!.RootElement, endpoint.Uri!);
    }

    // RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined and base64-encoded.
    private static AuthenticationHeaderValue BasicCredentials(string clientId, string clientSecret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));

    private TokenValidationResult Evaluate(JsonElement root, Uri endpoint)
    {
        // RFC 7662 §2.2: "active" is REQUIRED; anything but the JSON literal true means not active.
        if (!root.TryGetProperty(TokenClaimNames.Active, out var active) || active.ValueKind != JsonValueKind.True)
        {
            return TokenValidationResult.Invalid("the authorization server reports the token as not active");
        }

        var tokenType = TokenClaimReader.String(root, TokenClaimNames.TokenType);
        if (tokenType is not null && !string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase) && !string.Equals(tokenType, IntrospectionParameters.AccessToken, StringComparison.Ordinal))
        {
            return TokenValidationResult.Invalid($"introspection reports token_type '{UntrustedText.Shorten(tokenType)}', not a bearer access token");
        }

        var expiresAt = TokenClaimReader.NumericDate(root, TokenClaimNames.Expiration);
        if (LifetimeOrAudienceProblem(root, expiresAt) is { } problem)
        {
            return TokenValidationResult.Invalid(problem);
        }

        var issuer = TokenClaimReader.String(root, "iss") ?? endpoint.GetLeftPart(UriPartial.Authority);
        var claims = TokenClaimReader.FromJson(root, issuer);
        var clientId = TokenClaimReader.ClientId(claims);

        // RFC 9068 §2.2: a token obtained with client credentials names the client as its subject.
        var subject = TokenClaimReader.First(claims, TokenClaimNames.Subject) ?? clientId;
        if (subject is null)
        {
            return TokenValidationResult.Invalid("the introspection response names neither sub nor client_id");
        }

        if (TokenClaimReader.First(claims, TokenClaimNames.Subject) is null)
        {
            claims.Add(new Claim(TokenClaimNames.Subject, subject, ClaimValueTypes.String, issuer));
        }

        return TokenValidationResult.Valid(new ValidatedToken(
            subject,
            TokenClaimReader.Scopes(claims),
            clientId,
            expiresAt,
            new ClaimsPrincipal(new ClaimsIdentity(claims, TokenValidationDefaults.AuthenticationType, TokenClaimNames.Subject, null)),
            TokenValidationMethod.Introspection));
    }

    // RFC 7662 §2.2 exp/nbf with the configured clock skew, then RFC 8707 audience: the reason a token is refused, or null.
    private string? LifetimeOrAudienceProblem(JsonElement root, DateTimeOffset? expiresAt)
    {
        var now = timeProvider.GetUtcNow();
        if (expiresAt is { } exp && exp + _options.ClockSkew <= now)
        {
            return $"the token expired at {exp:O}";
        }

        if (TokenClaimReader.NumericDate(root, TokenClaimNames.NotBefore) is { } nbf && nbf - _options.ClockSkew > now)
        {
            return $"the token is not valid before {nbf:O}";
        }

        var accepted = resourceUris.AcceptedAudiences();
        var audiences = TokenClaimReader.StringOrArray(root, TokenClaimNames.Audience);
        if (audiences.Count == 0)
        {
            Log.NoAudience(logger, string.Join(", ", accepted));
            return "the introspection response has no aud, so nothing shows the token was issued for this server";
        }

        return audiences.Any(accepted.Contains)
            ? null
            : $"audience [{UntrustedText.Shorten(string.Join(", ", audiences))}] is not one of this server's [{string.Join(", ", accepted)}]";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2120, Level = LogLevel.Error, Message = "Token introspection is not possible: {Reason}")]
        public static partial void EndpointUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 2121, Level = LogLevel.Error, Message = "The introspection endpoint refused this server's client credentials ({StatusCode}): check Auth:Introspection:ClientId and Auth:Introspection:ClientSecret")]
        public static partial void ClientRejected(ILogger logger, int statusCode);

        [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "Rejected an active token whose introspection response has no aud: have the authorization server bind tokens to this server's resource ({Audiences}) with RFC 8707 resource indicators, or list its audience in Auth:Audiences")]
        public static partial void NoAudience(ILogger logger, string audiences);
    }
}
