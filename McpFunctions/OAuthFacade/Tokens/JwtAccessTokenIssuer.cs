using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>
/// Issues the façade's access tokens as JWTs (RFC 9068): header <c>typ: at+jwt</c> and the signing key's
/// <c>kid</c>; claims <c>iss</c> (the façade), <c>aud</c> (the canonical resource the grant is bound to, RFC 8707),
/// <c>sub</c>, <c>client_id</c>, <c>scope</c>, <c>iat</c>/<c>nbf</c>/<c>exp</c> from the injected clock,
/// a random <c>jti</c>, the grant id <c>gid</c> (so revoking the grant stops its tokens), and <c>name</c>/<c>email</c>
/// when the upstream provided them.
/// </summary>
internal sealed partial class JwtAccessTokenIssuer(
    IFacadeKeyRing keyRing,
    IOptions<FacadeOptions> options,
    TimeProvider timeProvider,
    ILogger<JwtAccessTokenIssuer> logger) : IAccessTokenIssuer
{
    // Times are explicit (from TimeProvider), so the handler must not add its own from the system clock.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedAccessToken> IssueAsync(AccessTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Subject);
        ArgumentException.ThrowIfNullOrEmpty(request.ClientId);
        ArgumentException.ThrowIfNullOrEmpty(request.GrantId);
        ArgumentNullException.ThrowIfNull(request.Scopes);
        // On Unix "/mcp" parses as an absolute file: URI, so the scheme is checked too.
        if (!Uri.TryCreate(request.Resource, UriKind.Absolute, out var resource) || (resource.Scheme != Uri.UriSchemeHttps && resource.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The resource (the token's audience) must be an absolute http(s) URI: this server's canonical resource.", nameof(request));
        }

        var key = await keyRing.GetSigningKeyAsync(cancellationToken);

        // NumericDate is whole seconds (RFC 7519 §2); the ExpiresAt returned is exactly the token's exp.
        var now = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = now + options.Value.AccessTokenLifetime;
        var jwtId = OAuthSecrets.NewId();

        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        AddIdentityClaims(claims, request.ClaimsJson);
        claims[FacadeClaimNames.Subject] = request.Subject;
        claims[FacadeClaimNames.ClientId] = request.ClientId;
        claims[FacadeClaimNames.JwtId] = jwtId;
        claims[FacadeClaimNames.GrantId] = request.GrantId;
        if (request.Scopes.Count > 0)
        {
            // RFC 9068 §2.2.3: one space-separated string, as in RFC 8693 §4.2.
            claims[FacadeClaimNames.Scope] = string.Join(' ', request.Scopes);
        }

        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = FacadeTokenDefaults.AccessTokenType,
            Issuer = keyRing.Issuer,
            Audience = request.Resource,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = key.SigningCredentials(),
        };

        var token = _handler.CreateToken(descriptor);
        Log.Issued(logger, request.Subject, request.ClientId, request.GrantId, jwtId, key.KeyId, expiresAt);
        return new IssuedAccessToken(token, expiresAt);
    }

    /// <summary>Copies <c>name</c> and <c>email</c> when they are strings; ClaimsJson never overrides a token's own claims.</summary>
    private static void AddIdentityClaims(Dictionary<string, object> claims, string? claimsJson)
    {
        if (string.IsNullOrWhiteSpace(claimsJson))
        {
            return;
        }

        using var document = JsonDocument.Parse(claimsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var name in FacadeClaimNames.CopiedIdentityClaims)
        {
            if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                claims[name] = text;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Issued access token {JwtId} for subject {Subject}, client {ClientId}, grant {GrantId}, signed with {KeyId}, expires {ExpiresAt:O}")]
        public static partial void Issued(ILogger logger, string subject, string clientId, string grantId, string jwtId, string keyId, DateTimeOffset expiresAt);
    }
}
