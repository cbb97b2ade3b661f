using System.Text.Json;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// <c>POST /token</c> (RFC 6749 §4.1.3, §6 with OAuth 2.1): the façade's own audience-bound tokens.
/// Checks, in order — common: form-urlencoded, no repeated parameter (invalid_request) → client authentication
/// (invalid_client, 401) → grant_type known (unsupported_grant_type) and registered (unauthorized_client).
/// Then the grant type's own checks: <see cref="AuthorizationCodeGrant"/>, <see cref="RefreshTokenGrant"/>.
/// Responses as the second seed requires: access_token, token_type "Bearer", expires_in (integer),
/// refresh_token, scope; Cache-Control: no-store, Pragma: no-cache.
/// </summary>
internal sealed class TokenEndpoint(
    ClientAuthenticator clientAuthenticator,
    OAuthClientResolver clientResolver,
    IAuthorizationCodeStore codeStore,
    IGrantStore grantStore,
    IAccessTokenIssuer tokenIssuer,
    FacadeProtector protector,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger<TokenEndpoint> logger)
{
    private readonly AuthorizationCodeGrant _authorizationCode =
        new(codeStore, grantStore, new TokenIssuance(tokenIssuer, timeProvider), timeProvider, options, logger);

    private readonly RefreshTokenGrant _refreshToken =
        new(grantStore, new TokenIssuance(tokenIssuer, timeProvider), protector, timeProvider, options, logger);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = context.Request.ContentType?.StartsWith(OAuthConstants.FormUrlEncoded, StringComparison.OrdinalIgnoreCase) == true
            ? await FormLimits.ReadAsync(context.Request, context.RequestAborted)
            : null;
        if (form is null)
        {
            await RefuseAsync(context, OAuthError.InvalidRequest("Send the token request as application/x-www-form-urlencoded (RFC 6749 §4.1.3)."));
            return;
        }

        if (form.FirstOrDefault(p => p.Value.Count > 1).Key is { } repeated)
        {
            await RefuseAsync(context, OAuthError.InvalidRequest($"{repeated} is repeated."));
            return;
        }

        var authentication = await clientAuthenticator.AuthenticateAsync(context.Request, form, context.RequestAborted);
        if (authentication.Client is not { } client)
        {
            await RefuseAsync(context, authentication.Error!, authentication.BasicRealm);
            return;
        }

        var grantType = form[OAuthConstants.Parameters.GrantType].ToString();
        if (GrantTypeProblem(grantType, client) is { } grantTypeError)
        {
            await RefuseAsync(context, grantTypeError);
            return;
        }

        var (response, error) = grantType == OAuthConstants.GrantTypes.AuthorizationCode
            ? await _authorizationCode.RedeemAsync(client, form, context.RequestAborted)
            : await _refreshToken.RefreshAsync(client, form, context.RequestAborted);
        if (error is not null)
        {
            await RefuseAsync(context, error);
            return;
        }

        await clientResolver.TouchAsync(client, context.RequestAborted);
        OAuthErrorWriter.NoStore(context.Response);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, response!, FacadeJsonContext.Default.TokenResponse, context.RequestAborted);
    }

    private static OAuthError? GrantTypeProblem(string grantType, OAuthClientRecord client)
    {
        if (grantType is not (OAuthConstants.GrantTypes.AuthorizationCode or OAuthConstants.GrantTypes.RefreshToken))
        {
            return grantType.Length == 0
                ? OAuthError.InvalidRequest("grant_type is required.")
                : new OAuthError(OAuthConstants.Errors.UnsupportedGrantType, "Only authorization_code and refresh_token are issued here.");
        }

        return client.GrantTypes.Contains(grantType)
            ? null
            : OAuthError.UnauthorizedClient($"This client did not register the {grantType} grant.");
    }

    private async Task RefuseAsync(HttpContext context, OAuthError error, string? basicRealm = null)
    {
        TokenEndpointLog.Refused(logger, error.Error, error.Description);
        await OAuthErrorWriter.WriteJsonAsync(context, error, basicRealm);
    }
}
