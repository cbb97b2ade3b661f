using System.Text.Json;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.Storage;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// <c>POST /token</c> (RFC 6749 §4.1.3, §6 with OAuth 2.1): the façade's own audience-bound tokens.
/// Checks, in order — common: form-urlencoded, no repeated parameter (invalid_request) → client authentication
/// (invalid_client, 401) → grant_type known (unsupported_grant_type) and registered (unauthorized_client).
/// authorization_code: code known, unexpired (invalid_grant) → not redeemed before, else the grant it produced is
/// revoked (invalid_grant) → same client, same redirect_uri (invalid_grant) → code_verifier's S256 = the challenge,
/// fixed time (invalid_grant) → resource, if sent, = the code's (invalid_target); scope, if sent, within it
/// (invalid_scope) → grant created, then redemption marked under ETag (of two concurrent redemptions one wins; the
/// other is a replay and both grants are revoked) → tokens.
/// refresh_token: <c>{grantId}.{secret}</c> of a live grant (invalid_grant) → the grant is this client's
/// (invalid_grant) → scope only narrowed (invalid_scope), resource unchanged (invalid_target) → the previous token
/// within <see cref="FacadeOptions.RefreshTokenReuseGrace"/> of the last rotation gets that rotation's pair again
/// (Claude refreshes from two places at once) → the current token, or the previous one while the current was never
/// used (Claude Code forgets rotated tokens), rotates under ETag → any older token of the grant is reuse and revokes
/// it (invalid_grant) → a secret the grant never issued is invalid_grant and revokes nothing.
/// Responses as the second seed requires: access_token, token_type "Bearer", expires_in (integer),
/// refresh_token, scope; Cache-Control: no-store, Pragma: no-cache.
/// </summary>
internal sealed partial class TokenEndpoint(
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
    // Every retry follows someone else's successful write; this many in a row is a fault, not contention.
    private const int MaxRotationAttempts = 5;

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
        if (grantType is not (OAuthConstants.GrantTypes.AuthorizationCode or OAuthConstants.GrantTypes.RefreshToken))
        {
            await RefuseAsync(context, grantType.Length == 0
                ? OAuthError.InvalidRequest("grant_type is required.")
                : new OAuthError(OAuthConstants.Errors.UnsupportedGrantType, "Only authorization_code and refresh_token are issued here."));
            return;
        }

        if (!client.GrantTypes.Contains(grantType))
        {
            await RefuseAsync(context, OAuthError.UnauthorizedClient($"This client did not register the {grantType} grant."));
            return;
        }

        var (response, error) = grantType == OAuthConstants.GrantTypes.AuthorizationCode
            ? await RedeemCodeAsync(client, form, context.RequestAborted)
            : await RefreshAsync(client, form, context.RequestAborted);
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

    private async Task<(TokenResponse? Response, OAuthError? Error)> RedeemCodeAsync(OAuthClientRecord client, IFormCollection form, CancellationToken cancellationToken)
    {
        var code = form[OAuthConstants.Parameters.Code].ToString();
        var record = code.Length is > 0 and <= 512 ? await codeStore.GetAsync(OAuthSecrets.Hash(code), cancellationToken) : null;
        var now = timeProvider.GetUtcNow();
        if (record is null || record.ExpiresAt <= now)
        {
            return (null, OAuthError.InvalidGrant("The authorization code is unknown or has expired."));
        }

        if (record.RedeemedAt is not null)
        {
            await RevokeReplayedAsync(record, cancellationToken);
            return (null, OAuthError.InvalidGrant("The authorization code was already used; the tokens it produced are revoked."));
        }

        if (record.ClientId != client.ClientId || record.RedirectUri != form[OAuthConstants.Parameters.RedirectUri].ToString())
        {
            Log.CodeMismatch(logger, client.ClientId, record.ClientId == client.ClientId ? "redirect_uri" : "client");
            return (null, OAuthError.InvalidGrant("The authorization code was not issued to this client for this redirect_uri."));
        }

        if (!Pkce.Verifies(form[OAuthConstants.Parameters.CodeVerifier].ToString(), record.CodeChallenge))
        {
            return (null, OAuthError.InvalidGrant("code_verifier does not match the code_challenge (PKCE S256)."));
        }

        var resource = form[OAuthConstants.Parameters.Resource].ToString();
        if (resource.Length > 0 && resource != record.Resource && resource != record.Resource + "/")
        {
            return (null, OAuthError.InvalidTarget($"The code was issued for {record.Resource}."));
        }

        var scopes = NarrowScopes(form, record.Scopes, out var scopeError);
        if (scopes is null)
        {
            return (null, scopeError);
        }

        var issuesRefreshTokens = client.GrantTypes.Contains(OAuthConstants.GrantTypes.RefreshToken);
        var grantId = OAuthSecrets.NewId();
        var (refreshToken, refreshHash) = OAuthSecrets.NewRefreshToken(grantId);
        var grant = new GrantRecord
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
        };
        var created = await grantStore.CreateAsync(grant, cancellationToken);
        if (!created.Succeeded)
        {
            return (null, OAuthError.ServerError("The grant could not be stored. Try again."));
        }

        // The redemption mark is the single point of truth: whoever writes it first owns the code.
        var marked = await codeStore.UpdateAsync(record with { RedeemedAt = now, RedeemedGrantId = grantId }, cancellationToken);
        if (!marked.Succeeded)
        {
            await grantStore.RevokeAsync(grantId, cancellationToken);
            if (await codeStore.GetAsync(record.CodeHash, cancellationToken) is { } winner)
            {
                await RevokeReplayedAsync(winner, cancellationToken);
            }

            return (null, OAuthError.InvalidGrant("The authorization code was already used; the tokens it produced are revoked."));
        }

        var response = await IssueAsync(grant, scopes, issuesRefreshTokens ? refreshToken : null, cancellationToken);
        Log.CodeRedeemed(logger, record.Subject, client.ClientId, grantId, FacadeScopes.Format(scopes));
        return (response, null);
    }

    private async Task<(TokenResponse? Response, OAuthError? Error)> RefreshAsync(OAuthClientRecord client, IFormCollection form, CancellationToken cancellationToken)
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
            if (grant is null || grant.Revoked || grant.ExpiresAt <= now)
            {
                return (null, OAuthError.InvalidGrant("The refresh token is not valid, has expired or was revoked."));
            }

            // Another client's token: refused, and the grant left alone (the rightful client still holds it).
            if (grant.ClientId != client.ClientId)
            {
                Log.ForeignRefreshToken(logger, client.ClientId, grant.ClientId);
                return (null, OAuthError.InvalidGrant("The refresh token was not issued to this client."));
            }

            var resource = form[OAuthConstants.Parameters.Resource].ToString();
            if (resource.Length > 0 && resource != grant.Resource && resource != grant.Resource + "/")
            {
                return (null, OAuthError.InvalidTarget($"The refresh token was issued for {grant.Resource}."));
            }

            var scopes = NarrowScopes(form, grant.Scopes, out var scopeError);
            if (scopes is null)
            {
                return (null, scopeError);
            }

            var presentedHash = OAuthSecrets.Hash(presented);
            var isCurrent = OAuthSecrets.FixedTimeEquals(presentedHash, grant.RefreshTokenHash);
            var isPrevious = !isCurrent && grant.PreviousRefreshTokenHash is { } previousHash && OAuthSecrets.FixedTimeEquals(presentedHash, previousHash);
            if (isPrevious && grant.PreviousValidUntil is { } until && now <= until
                && protector.TryUnprotect(FacadeProtectionPurposes.RotationResponse, grant.LastRotationResponseProtected, out var json))
            {
                // A retry of the refresh that just rotated (two nodes, one token): the same pair for everyone.
                Log.RefreshWithinGrace(logger, grant.Subject, client.ClientId, grantId);
                return (JsonSerializer.Deserialize(json, FacadeJsonContext.Default.TokenResponse), null);
            }

            if (isCurrent || isPrevious)
            {
                var (refreshToken, refreshHash) = OAuthSecrets.NewRefreshToken(grantId);
                var response = await IssueAsync(grant, scopes, refreshToken, cancellationToken);
                var rotated = isCurrent
                    // The current token's first use: the previous one is now rotated out for good.
                    ? grant with { RefreshTokenHash = refreshHash, PreviousRefreshTokenHash = grant.RefreshTokenHash, RetiredRefreshTokenHashes = Retire(grant, grant.PreviousRefreshTokenHash) }
                    // The previous token, while the current one was never used (anthropics/claude-code#59460): the unused
                    // current token is rotated out and the previous one stays previous until the new one is used.
                    : grant with { RefreshTokenHash = refreshHash, RetiredRefreshTokenHashes = Retire(grant, grant.RefreshTokenHash) };
                rotated = rotated with
                {
                    PreviousValidUntil = now + options.Value.RefreshTokenReuseGrace,
                    LastRotationResponseProtected = protector.Protect(FacadeProtectionPurposes.RotationResponse,
                        JsonSerializer.Serialize(response, FacadeJsonContext.Default.TokenResponse)),
                    UpdatedAt = now,
                };
                var updated = await grantStore.UpdateAsync(rotated, cancellationToken);
                if (updated.Succeeded)
                {
                    if (isCurrent)
                    {
                        Log.Refreshed(logger, grant.Subject, client.ClientId, grantId);
                    }
                    else
                    {
                        Log.RefreshWithPreviousToken(logger, grant.Subject, client.ClientId, grantId);
                    }

                    return (response, null);
                }

                if (updated.Status == StoreWriteStatus.NotFound)
                {
                    return (null, OAuthError.InvalidGrant("The refresh token is not valid, has expired or was revoked."));
                }

                // Lost the race to a concurrent refresh with the same token: read again, now as the previous token.
                continue;
            }

            if (IsRetired(grant, presentedHash))
            {
                // RFC 9700 §4.14.2: a rotated-out refresh token used again means it leaked; end the family.
                await grantStore.RevokeAsync(grantId, cancellationToken);
                Log.RefreshReuse(logger, grant.Subject, client.ClientId, grantId);
                return (null, OAuthError.InvalidGrant("The refresh token was already used; the grant is revoked. Sign in again."));
            }

            // A known grant id with a secret this grant never issued: knowing a grant id must not let anyone revoke it.
            Log.UnknownRefreshSecret(logger, client.ClientId, grantId);
            return (null, OAuthError.InvalidGrant("The refresh token is not valid."));
        }

        throw new InvalidOperationException($"Refresh-token rotation lost {MaxRotationAttempts} ETag races in a row; the grant store is not behaving as a store.");
    }

    /// <summary>The grant's retired hashes with <paramref name="hash"/> added, the oldest dropped beyond the cap.</summary>
    private static IReadOnlyList<string> Retire(GrantRecord grant, string? hash)
    {
        if (hash is null)
        {
            return grant.RetiredRefreshTokenHashes;
        }

        var retired = grant.RetiredRefreshTokenHashes.Append(hash[..GrantRecord.RetiredHashLength]);
        var count = grant.RetiredRefreshTokenHashes.Count + 1;
        return [.. retired.Skip(Math.Max(0, count - GrantRecord.MaxRetiredHashes))];
    }

    /// <summary>Every retired hash is compared in fixed time, with no early exit, so timing says nothing about which matched.</summary>
    private static bool IsRetired(GrantRecord grant, string presentedHash)
    {
        var prefix = presentedHash[..GrantRecord.RetiredHashLength];
        var found = false;
        foreach (var retired in grant.RetiredRefreshTokenHashes)
        {
            found |= retired.Length == prefix.Length && OAuthSecrets.FixedTimeEquals(prefix, retired);
        }

        return found;
    }

    private async Task<TokenResponse> IssueAsync(GrantRecord grant, IReadOnlyList<string> scopes, string? refreshToken, CancellationToken cancellationToken)
    {
        var issued = await tokenIssuer.IssueAsync(
            new AccessTokenRequest(grant.Subject, grant.ClientId, scopes, grant.Resource, grant.GrantId, grant.ClaimsJson), cancellationToken);
        var expiresIn = (long)Math.Floor((issued.ExpiresAt - timeProvider.GetUtcNow()).TotalSeconds);
        return new TokenResponse
        {
            AccessToken = issued.Token,
            ExpiresIn = Math.Max(1, expiresIn),
            RefreshToken = refreshToken,
            Scope = FacadeScopes.Format(scopes),
        };
    }

    // RFC 6749 §6: a narrower scope may be asked for; anything beyond what was granted is refused.
    private static IReadOnlyList<string>? NarrowScopes(IFormCollection form, IReadOnlyList<string> granted, out OAuthError? error)
    {
        error = null;
        var requested = FacadeScopes.Parse(form[OAuthConstants.Parameters.Scope].ToString());
        if (requested is null)
        {
            return granted;
        }

        var beyond = requested.Where(s => !granted.Contains(s, StringComparer.Ordinal)).ToList();
        if (beyond.Count > 0)
        {
            error = OAuthError.InvalidScope($"The grant does not include {string.Join(' ', beyond)}; a token request can only narrow the scope.");
            return null;
        }

        return [.. granted.Where(requested.Contains)];
    }

    private async Task RevokeReplayedAsync(AuthorizationCodeRecord record, CancellationToken cancellationToken)
    {
        // RFC 6749 §4.1.2 / OAuth 2.1 §4.1.3: a code used twice revokes what it produced.
        if (record.RedeemedGrantId is { } grantId)
        {
            await grantStore.RevokeAsync(grantId, cancellationToken);
        }

        Log.CodeReplayed(logger, record.ClientId, record.RedeemedGrantId ?? "(none)");
    }

    private async Task RefuseAsync(HttpContext context, OAuthError error, string? basicRealm = null)
    {
        Log.Refused(logger, error.Error, error.Description);
        await OAuthErrorWriter.WriteJsonAsync(context, error, basicRealm);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5530, Level = LogLevel.Information, Message = "Tokens issued for subject {Subject} to client {ClientId} (grant {GrantId}): scope {Scope}")]
        public static partial void CodeRedeemed(ILogger logger, string subject, string clientId, string grantId, string scope);

        [LoggerMessage(EventId = 5531, Level = LogLevel.Information, Message = "Refresh token rotated for subject {Subject}, client {ClientId} (grant {GrantId})")]
        public static partial void Refreshed(ILogger logger, string subject, string clientId, string grantId);

        [LoggerMessage(EventId = 5532, Level = LogLevel.Information, Message = "Refresh with the just-rotated token within the grace period for subject {Subject}, client {ClientId} (grant {GrantId}): same new tokens returned")]
        public static partial void RefreshWithinGrace(ILogger logger, string subject, string clientId, string grantId);

        [LoggerMessage(EventId = 5533, Level = LogLevel.Warning, Message = "Refresh token reused after rotation for subject {Subject}, client {ClientId}: grant {GrantId} revoked")]
        public static partial void RefreshReuse(ILogger logger, string subject, string clientId, string grantId);

        [LoggerMessage(EventId = 5534, Level = LogLevel.Warning, Message = "Authorization code replayed by client {ClientId}: grant {GrantId} revoked")]
        public static partial void CodeReplayed(ILogger logger, string clientId, string grantId);

        [LoggerMessage(EventId = 5535, Level = LogLevel.Warning, Message = "Client {ClientId} presented a refresh token of client {OwnerClientId}: refused")]
        public static partial void ForeignRefreshToken(ILogger logger, string clientId, string ownerClientId);

        [LoggerMessage(EventId = 5536, Level = LogLevel.Information, Message = "Client {ClientId} presented a code issued for another {Mismatch}: refused")]
        public static partial void CodeMismatch(ILogger logger, string clientId, string mismatch);

        [LoggerMessage(EventId = 5538, Level = LogLevel.Information, Message = "Refresh with the previous token for subject {Subject}, client {ClientId} (grant {GrantId}): the current one was never used, so it is retired and the tokens rotate again")]
        public static partial void RefreshWithPreviousToken(ILogger logger, string subject, string clientId, string grantId);

        [LoggerMessage(EventId = 5539, Level = LogLevel.Information, Message = "Client {ClientId} presented a refresh token for grant {GrantId} with a secret it never issued: refused, grant kept")]
        public static partial void UnknownRefreshSecret(ILogger logger, string clientId, string grantId);

        [LoggerMessage(EventId = 5537, Level = LogLevel.Information, Message = "Token request refused: {Error} {Description}")]
        public static partial void Refused(ILogger logger, string error, string description);
    }
}
