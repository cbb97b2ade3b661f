using System.Text.Json;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// The token endpoint's <c>refresh_token</c> grant: <c>{grantId}.{secret}</c> of a live grant (invalid_grant) → the
/// grant is this client's (invalid_grant) → scope only narrowed (invalid_scope), resource unchanged (invalid_target) →
/// the previous token within <see cref="FacadeOptions.RefreshTokenReuseGrace"/> of the last rotation gets that
/// rotation's pair again (Claude refreshes from two places at once) → the current token, or the previous one while the
/// current was never used (Claude Code forgets rotated tokens), rotates under ETag → any older token of the grant is
/// reuse and revokes it (invalid_grant) → a secret the grant never issued is invalid_grant and revokes nothing.
/// </summary>
internal sealed class RefreshTokenGrant(
    IGrantStore grantStore,
    TokenIssuance issuance,
    FacadeProtector protector,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger logger)
{
    // Every retry follows someone else's successful write; this many in a row is a fault, not contention.
    private const int MaxRotationAttempts = 5;

    private static readonly OAuthError NotLive = OAuthError.InvalidGrant("The refresh token is not valid, has expired or was revoked.");

    public async Task<(TokenResponse? Response, OAuthError? Error)> RefreshAsync(OAuthClientRecord client, IFormCollection form, CancellationToken cancellationToken)
    {
        var presented = form[OAuthConstants.Parameters.RefreshToken].ToString();
        if (!OAuthSecrets.TryReadGrantId(presented, out var grantId))
        {
            return (null, OAuthError.InvalidGrant("The refresh token is not valid."));
        }

        for (var attempt = 1; attempt <= MaxRotationAttempts; attempt++)
        {
            var grant = await grantStore.GetAsync(grantId, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var error = CheckGrant(grant, now, client, form);
            var scopes = error is null ? TokenIssuance.NarrowScopes(form, grant!.Scopes, out error) : null;
            if (scopes is null)
            {
                return (null, error);
            }

            var outcome = await AnswerAsync(grant!, presented, scopes, now, client, cancellationToken);
            if (!outcome.LostRace)
            {
                return (outcome.Response, outcome.Error);
            }

            // Lost the race to a concurrent refresh with the same token: read again, now as the previous token.
        }

        throw new InvalidOperationException($"Refresh-token rotation lost {MaxRotationAttempts} ETag races in a row; the grant store is not behaving as a store.");
    }

    private OAuthError? CheckGrant(GrantRecord? grant, DateTimeOffset now, OAuthClientRecord client, IFormCollection form)
    {
        if (grant is null || grant.Revoked || grant.ExpiresAt <= now)
        {
            return NotLive;
        }

        // Another client's token: refused, and the grant left alone (the rightful client still holds it).
        if (grant.ClientId != client.ClientId)
        {
            TokenEndpointLog.ForeignRefreshToken(logger, client.ClientId, grant.ClientId);
            return OAuthError.InvalidGrant("The refresh token was not issued to this client.");
        }

        return TokenIssuance.ResourceMatches(form, grant.Resource)
            ? null
            : OAuthError.InvalidTarget($"The refresh token was issued for {grant.Resource}.");
    }

    /// <summary>What the presented secret is to this grant decides the answer: current, previous, retired or unknown.</summary>
    private async Task<RotationOutcome> AnswerAsync(
        GrantRecord grant, string presented, IReadOnlyList<string> scopes, DateTimeOffset now, OAuthClientRecord client, CancellationToken cancellationToken)
    {
        var presentedHash = OAuthSecrets.Hash(presented);
        var isCurrent = OAuthSecrets.FixedTimeEquals(presentedHash, grant.RefreshTokenHash);
        var isPrevious = !isCurrent && grant.PreviousRefreshTokenHash is { } previousHash && OAuthSecrets.FixedTimeEquals(presentedHash, previousHash);
        if (isPrevious && grant.PreviousValidUntil is { } until && now <= until
            && protector.TryUnprotect(FacadeProtectionPurposes.RotationResponse, grant.LastRotationResponseProtected, out var json))
        {
            // A retry of the refresh that just rotated (two nodes, one token): the same pair for everyone.
            TokenEndpointLog.RefreshWithinGrace(logger, grant.Subject, client.ClientId, grant.GrantId);
            return RotationOutcome.Answer(JsonSerializer.Deserialize(json, FacadeJsonContext.Default.TokenResponse));
        }

        if (isCurrent || isPrevious)
        {
            return await RotateAsync(grant, isCurrent, scopes, now, client, cancellationToken);
        }

        if (RefreshTokenHistory.IsRetired(grant, presentedHash))
        {
            // RFC 9700 §4.14.2: a rotated-out refresh token used again means it leaked; end the family.
            await grantStore.RevokeAsync(grant.GrantId, cancellationToken);
            TokenEndpointLog.RefreshReuse(logger, grant.Subject, client.ClientId, grant.GrantId);
            return RotationOutcome.Refuse(OAuthError.InvalidGrant("The refresh token was already used; the grant is revoked. Sign in again."));
        }

        // A known grant id with a secret this grant never issued: knowing a grant id must not let anyone revoke it.
        TokenEndpointLog.UnknownRefreshSecret(logger, client.ClientId, grant.GrantId);
        return RotationOutcome.Refuse(OAuthError.InvalidGrant("The refresh token is not valid."));
    }

    private async Task<RotationOutcome> RotateAsync(
        GrantRecord grant, bool isCurrent, IReadOnlyList<string> scopes, DateTimeOffset now, OAuthClientRecord client, CancellationToken cancellationToken)
    {
        var (refreshToken, refreshHash) = OAuthSecrets.NewRefreshToken(grant.GrantId);
        var response = await issuance.IssueAsync(grant, scopes, refreshToken, cancellationToken);
        var rotated = isCurrent
            // The current token's first use: the previous one is now rotated out for good.
            ? grant with { RefreshTokenHash = refreshHash, PreviousRefreshTokenHash = grant.RefreshTokenHash, RetiredRefreshTokenHashes = RefreshTokenHistory.Retire(grant, grant.PreviousRefreshTokenHash) }
            // The previous token, while the current one was never used (anthropics/claude-code#59460): the unused
            // current token is rotated out and the previous one stays previous until the new one is used.
            : grant with { RefreshTokenHash = refreshHash, RetiredRefreshTokenHashes = RefreshTokenHistory.Retire(grant, grant.RefreshTokenHash) };
        rotated = rotated with
        {
            PreviousValidUntil = now + options.Value.RefreshTokenReuseGrace,
            LastRotationResponseProtected = protector.Protect(FacadeProtectionPurposes.RotationResponse,
                JsonSerializer.Serialize(response, FacadeJsonContext.Default.TokenResponse)),
            UpdatedAt = now,
        };
        var updated = await grantStore.UpdateAsync(rotated, cancellationToken);
        if (!updated.Succeeded)
        {
            return updated.Status == StoreWriteStatus.NotFound ? RotationOutcome.Refuse(NotLive) : RotationOutcome.Retry;
        }

        if (isCurrent)
        {
            TokenEndpointLog.Refreshed(logger, grant.Subject, client.ClientId, grant.GrantId);
        }
        else
        {
            TokenEndpointLog.RefreshWithPreviousToken(logger, grant.Subject, client.ClientId, grant.GrantId);
        }

        return RotationOutcome.Answer(response);
    }

    /// <summary>One attempt's result: tokens, a refusal, or a lost ETag race to read the grant again after.</summary>
    private readonly record struct RotationOutcome(TokenResponse? Response, OAuthError? Error, bool LostRace)
    {
        public static RotationOutcome Retry => new(null, null, LostRace: true);

        public static RotationOutcome Answer(TokenResponse? response) => new(response, null, LostRace: false);

        public static RotationOutcome Refuse(OAuthError error) => new(null, error, LostRace: false);
    }
}
