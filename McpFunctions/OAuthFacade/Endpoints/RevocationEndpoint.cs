using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// <c>POST /revoke</c> (RFC 7009): a client ends its own grant with either of its tokens.
/// </summary>
/// <remarks>
/// Checks, in order:
///  1. form-urlencoded                                                        → invalid_request
///  2. client authentication, as at the token endpoint                        → invalid_client (401)
///  3. <c>token</c> present                                                   → invalid_request
///  4. a refresh token (<c>{grantId}.{secret}</c>, current or just rotated) of this client → its grant revoked
///  5. an access token this façade signed (our keys, our issuer) for this client → its grant (<c>gid</c>) revoked
///  6. anything else — unknown, expired, another client's — changes nothing and is still 200 (RFC 7009 §2.2),
///     so the endpoint says nothing about which tokens exist.
/// </remarks>
internal sealed partial class RevocationEndpoint(
    ClientAuthenticator clientAuthenticator,
    IGrantStore grantStore,
    IFacadeKeyRing keyRing,
    ILogger<RevocationEndpoint> logger)
{
    private readonly JsonWebTokenHandler _handler = new();

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = context.Request.ContentType?.StartsWith(OAuthConstants.FormUrlEncoded, StringComparison.OrdinalIgnoreCase) == true
            ? await FormLimits.ReadAsync(context.Request, context.RequestAborted)
            : null;
        if (form is null)
        {
            await OAuthErrorWriter.WriteJsonAsync(context, OAuthError.InvalidRequest("Send the revocation request as application/x-www-form-urlencoded (RFC 7009 §2.1)."));
            return;
        }

        var authentication = await clientAuthenticator.AuthenticateAsync(context.Request, form, context.RequestAborted);
        if (authentication.Client is not { } client)
        {
            await OAuthErrorWriter.WriteJsonAsync(context, authentication.Error!, authentication.BasicRealm);
            return;
        }

        var token = form[OAuthConstants.Parameters.Token].ToString();
        if (token.Length == 0)
        {
            await OAuthErrorWriter.WriteJsonAsync(context, OAuthError.InvalidRequest("token is required."));
            return;
        }

        var grantId = OAuthSecrets.TryReadGrantId(token, out var refreshGrantId)
            ? await RefreshTokenGrantAsync(refreshGrantId, token, client, context.RequestAborted)
            : await AccessTokenGrantAsync(token, client, context.RequestAborted);
        if (grantId is not null && await grantStore.RevokeAsync(grantId, context.RequestAborted))
        {
            Log.Revoked(logger, client.ClientId, grantId);
        }

        OAuthErrorWriter.NoStore(context.Response);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task<string?> RefreshTokenGrantAsync(string grantId, string token, OAuthClientRecord client, CancellationToken cancellationToken)
    {
        var grant = await grantStore.GetAsync(grantId, cancellationToken);
        var matches = grant is not null && grant.ClientId == client.ClientId
            && (OAuthSecrets.MatchesHash(token, grant.RefreshTokenHash) || OAuthSecrets.MatchesHash(token, grant.PreviousRefreshTokenHash));
        return matches ? grantId : null;
    }

    private async Task<string?> AccessTokenGrantAsync(string token, OAuthClientRecord client, CancellationToken cancellationToken)
    {
        if (token.Length > 16 * 1024 || !_handler.CanReadToken(token))
        {
            return null;
        }

        var keys = await keyRing.GetValidationKeysAsync(cancellationToken);
        // An expired token still names its grant: revoking it is harmless and what the client asked for.
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = keyRing.Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = keys,
            RequireSignedTokens = true,
            ValidAlgorithms = [SigningKeyMaterial.Rs256, SigningKeyMaterial.Es256],
        });
        if (!result.IsValid)
        {
            return null;
        }

        var claims = result.Claims;
        return claims.TryGetValue(FacadeClaimNames.ClientId, out var clientId) && clientId as string == client.ClientId && claims.TryGetValue(FacadeClaimNames.GrantId, out var gid)
            ? gid as string
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5550, Level = LogLevel.Information, Message = "Grant {GrantId} revoked at the request of client {ClientId}")]
        public static partial void Revoked(ILogger logger, string clientId, string grantId);
    }
}
