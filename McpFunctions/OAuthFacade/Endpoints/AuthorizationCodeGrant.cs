using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The token endpoint's <c>authorization_code</c> grant: code known, unexpired (invalid_grant) → not redeemed before,
/// else the grant it produced is revoked (invalid_grant) → same client, same redirect_uri (invalid_grant) →
/// code_verifier's S256 = the challenge, fixed time (invalid_grant) → resource, if sent, = the code's
/// (invalid_target); scope, if sent, within it (invalid_scope) → grant created, then redemption marked under ETag
/// (of two concurrent redemptions one wins; the other is a replay and both grants are revoked) → tokens.
/// </summary>
internal sealed class AuthorizationCodeGrant(
    IAuthorizationCodeStore codeStore,
    IGrantStore grantStore,
    TokenIssuance issuance,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger logger)
{
    private static readonly OAuthError AlreadyUsed = OAuthError.InvalidGrant("The authorization code was already used; the tokens it produced are revoked.");

    public async Task<(TokenResponse? Response, OAuthError? Error)> RedeemAsync(OAuthClientRecord client, IFormCollection form, CancellationToken cancellationToken)
    {
        var code = form[OAuthConstants.Parameters.Code].ToString();
        var record = code.Length is > 0 and <= 512 ? await codeStore.GetAsync(OAuthSecrets.Hash(code), cancellationToken) : null;
        var now = timeProvider.GetUtcNow();
        var error = await CheckCodeAsync(record, now, client, form, cancellationToken);
        var scopes = error is null ? TokenIssuance.NarrowScopes(form, record!.Scopes, out error) : null;
        if (scopes is null)
        {
            return (null, error);
        }

        var (grant, refreshToken) = NewGrant(record!, client, now);
        var created = await grantStore.CreateAsync(grant, cancellationToken);
        if (!created.Succeeded)
        {
            return (null, OAuthError.ServerError("The grant could not be stored. Try again."));
        }

        if (!await TryMarkRedeemedAsync(record!, grant.GrantId, now, cancellationToken))
        {
            return (null, AlreadyUsed);
        }

        var issuesRefreshTokens = client.GrantTypes.Contains(OAuthConstants.GrantTypes.RefreshToken);
        var response = await issuance.IssueAsync(grant, scopes, issuesRefreshTokens ? refreshToken : null, cancellationToken);
        TokenEndpointLog.CodeRedeemed(logger, record!.Subject, client.ClientId, grant.GrantId, FacadeScopes.Format(scopes));
        return (response, null);
    }

    /// <summary>Every check before anything is written, in the documented order; null when the code may be redeemed.</summary>
    private async Task<OAuthError?> CheckCodeAsync(AuthorizationCodeRecord? record, DateTimeOffset now, OAuthClientRecord client, IFormCollection form, CancellationToken cancellationToken)
    {
        if (record is null || record.ExpiresAt <= now)
        {
            return OAuthError.InvalidGrant("The authorization code is unknown or has expired.");
        }

        if (record.RedeemedAt is not null)
        {
            await RevokeReplayedAsync(record, cancellationToken);
            return AlreadyUsed;
        }

        if (record.ClientId != client.ClientId || record.RedirectUri != form[OAuthConstants.Parameters.RedirectUri].ToString())
        {
            TokenEndpointLog.CodeMismatch(logger, client.ClientId, record.ClientId == client.ClientId ? "redirect_uri" : "client");
            return OAuthError.InvalidGrant("The authorization code was not issued to this client for this redirect_uri.");
        }

        if (!Pkce.Verifies(form[OAuthConstants.Parameters.CodeVerifier].ToString(), record.CodeChallenge))
        {
            return OAuthError.InvalidGrant("code_verifier does not match the code_challenge (PKCE S256).");
        }

        return TokenIssuance.ResourceMatches(form, record.Resource)
            ? null
            : OAuthError.InvalidTarget($"The code was issued for {record.Resource}.");
    }

    /// <summary>The grant the code turns into, and the refresh token whose hash it holds (shown to the client once).</summary>
    private (GrantRecord Grant, string RefreshToken) NewGrant(AuthorizationCodeRecord record, OAuthClientRecord client, DateTimeOffset now)
    {
        var grantId = OAuthSecrets.NewId();
        var (refreshToken, refreshHash) = OAuthSecrets.NewRefreshToken(grantId);
        return (new GrantRecord
        {
            GrantId = grantId,
            ClientId = client.ClientId,
            Subject = record.Subject,
            Scopes = record.Scopes,
            Resource = record.Resource,
            ClaimsJson = record.ClaimsJson,
            RefreshTokenHash = refreshHash,
            UpstreamRefreshTokenProtected = record.UpstreamRefreshTokenProtected,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        }, refreshToken);
    }

    // The redemption mark is the single point of truth: whoever writes it first owns the code.
    private async Task<bool> TryMarkRedeemedAsync(AuthorizationCodeRecord record, string grantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var marked = await codeStore.UpdateAsync(record with { RedeemedAt = now, RedeemedGrantId = grantId }, cancellationToken);
        if (marked.Succeeded)
        {
            return true;
        }

        await grantStore.RevokeAsync(grantId, cancellationToken);
        if (await codeStore.GetAsync(record.CodeHash, cancellationToken) is { } winner)
        {
            await RevokeReplayedAsync(winner, cancellationToken);
        }

        return false;
    }

    private async Task RevokeReplayedAsync(AuthorizationCodeRecord record, CancellationToken cancellationToken)
    {
        // RFC 6749 §4.1.2 / OAuth 2.1 §4.1.3: a code used twice revokes what it produced.
        if (record.RedeemedGrantId is { } grantId)
        {
            await grantStore.RevokeAsync(grantId, cancellationToken);
        }

        TokenEndpointLog.CodeReplayed(logger, record.ClientId, record.RedeemedGrantId ?? "(none)");
    }
}
