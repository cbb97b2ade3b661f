using System.Text.Json;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.OAuthFacade.Upstream;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// <c>GET /callback</c>: the upstream provider returns the browser here. The façade redeems the upstream code,
/// and answers the MCP client with its own code, the client's <c>state</c> and <c>iss</c> (RFC 9207).
/// </summary>
/// <remarks>
/// Checks, in order:
///  1. <c>state</c> consumes a pending authorization — single use, short-lived; unknown, replayed or expired
///     → error page (there is no trusted redirect URI to go back to)
///  2. the upstream answered with <c>error</c> → the client gets <c>access_denied</c> (the user or the provider
///     said no) or <c>server_error</c> — never a 500
///  3. a <c>code</c> came back                                                              → server_error
///  4. the upstream code is redeemed and its ID token validated (issuer, audience, nonce, signature, lifetime)
///                                                                                          → server_error / temporarily_unavailable
///  5. the façade's code: random, stored only as its SHA-256, bound to client, redirect URI, PKCE challenge,
///     scopes, resource and subject, valid for <see cref="FacadeOptions.AuthorizationCodeLifetime"/>.
/// </remarks>
internal sealed partial class CallbackEndpoint(
    IPendingAuthorizationStore pendingStore,
    IAuthorizationCodeStore codeStore,
    IUpstreamIdentityProvider upstream,
    FacadeProtector protector,
    FacadeUrls urls,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger<CallbackEndpoint> logger)
{
    private static readonly HashSet<string> DeniedByUpstream = new(StringComparer.Ordinal)
    {
        OAuthConstants.Errors.AccessDenied, "login_required", "consent_required", "interaction_required", "account_selection_required",
    };

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var cancellationToken = context.RequestAborted;

        // 1. The pending authorization, consumed whatever happens next: a state works once.
        var state = query[OAuthConstants.Parameters.State].ToString();
        var pending = state.Length is > 0 and <= 512 ? await pendingStore.ConsumeAsync(OAuthSecrets.Hash(state), cancellationToken) : null;
        if (pending is null)
        {
            Log.UnknownState(logger, state.Length == 0 ? "(none)" : OAuthSecrets.Hash(state)[..8]);
            await OAuthErrorWriter.WriteErrorPageAsync(context,
                OAuthError.InvalidRequest("This sign-in link has already been used or has expired. Start the connection again from the application."));
            return;
        }

        var user = await SignInUpstreamAsync(context, query, pending, cancellationToken);
        if (user is null)
        {
            return;
        }

        // 5. The façade's own code for the client.
        var ourCode = await StoreCodeAsync(pending, user, cancellationToken);
        if (ourCode is null)
        {
            Redirect(context, pending, OAuthError.ServerError("The authorization could not be recorded. Try again."));
            return;
        }

        Log.SignedIn(logger, user.Subject, pending.ClientId, upstream.DisplayName);
        ClientRedirect.Send(context, ClientRedirect.Build(pending.RedirectUri,
        [
            new(OAuthConstants.Parameters.Code, ourCode),
            new(OAuthConstants.Parameters.State, pending.ClientState),
            new(OAuthConstants.Parameters.Issuer, urls.Issuer),
        ]));
    }

    // Steps 2–4: the user as the upstream provider vouches for them, or null once the client has been sent the error.
    private async Task<UpstreamIdentity?> SignInUpstreamAsync(HttpContext context, IQueryCollection query, PendingAuthorizationRecord pending, CancellationToken cancellationToken)
    {
        // 2. The provider's own refusal.
        var upstreamError = query[OAuthConstants.Parameters.Error].ToString();
        if (upstreamError.Length > 0)
        {
            Log.UpstreamRefused(logger, pending.ClientId, upstreamError, query[OAuthConstants.Parameters.ErrorDescription].ToString());
            var error = DeniedByUpstream.Contains(upstreamError)
                ? OAuthError.AccessDenied("The sign-in was cancelled or refused at the identity provider.")
                : OAuthError.ServerError("The identity provider could not complete the sign-in.");
            Redirect(context, pending, error);
            return null;
        }

        // 3.–4. The upstream code, redeemed with the façade's own verifier and nonce.
        var code = query[OAuthConstants.Parameters.Code].ToString();
        if (code.Length == 0 || !protector.TryUnprotect(FacadeProtectionPurposes.UpstreamPkce, pending.UpstreamCodeVerifierProtected, out var verifier))
        {
            Log.UpstreamFailed(logger, pending.ClientId, code.Length == 0 ? "the callback carries no code" : "the stored PKCE verifier cannot be read (data-protection keys not shared?)");
            Redirect(context, pending, OAuthError.ServerError("The identity provider did not complete the sign-in."));
            return null;
        }

        var identity = await upstream.RedeemAsync(new UpstreamCodeRedemption(code, verifier, pending.UpstreamNonce, urls.Callback), cancellationToken);
        if (!identity.Succeeded)
        {
            Log.UpstreamFailed(logger, pending.ClientId, identity.LogReason ?? "unknown");
            Redirect(context, pending, identity.Error!);
            return null;
        }

        return identity.Value!;
    }

    // Step 5: the code, stored only as its hash and bound to the pending request; null when it could not be stored.
    private async Task<string?> StoreCodeAsync(PendingAuthorizationRecord pending, UpstreamIdentity user, CancellationToken cancellationToken)
    {
        var ourCode = OAuthSecrets.NewSecret();
        var now = timeProvider.GetUtcNow();
        var record = new AuthorizationCodeRecord
        {
            CodeHash = OAuthSecrets.Hash(ourCode),
            ClientId = pending.ClientId,
            RedirectUri = pending.RedirectUri,
            CodeChallenge = pending.CodeChallenge,
            Scopes = pending.Scopes,
            Resource = pending.Resource,
            Subject = user.Subject,
            ClaimsJson = ClaimsJson(user),
            UpstreamRefreshTokenProtected = options.Value.Upstream.KeepUpstreamRefreshToken && user.RefreshToken is not null
                ? protector.Protect(FacadeProtectionPurposes.UpstreamRefreshToken, user.RefreshToken)
                : null,
            CreatedAt = now,
            ExpiresAt = now + options.Value.AuthorizationCodeLifetime,
        };
        var created = await codeStore.CreateAsync(record, cancellationToken);
        if (created.Succeeded)
        {
            return ourCode;
        }

        Log.CodeNotStored(logger, pending.ClientId, created.Status.ToString());
        return null;
    }

    private void Redirect(HttpContext context, PendingAuthorizationRecord pending, OAuthError error) =>
        OAuthErrorWriter.Redirect(context, pending.RedirectUri, error, pending.ClientState, urls.Issuer);

    // The profile claims the access token may carry (name, e-mail); never the upstream tokens.
    private static string? ClaimsJson(UpstreamIdentity user)
    {
        if (user.Name is null && user.Email is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (user.Name is not null)
            {
                writer.WriteString("name", user.Name);
            }

            if (user.Email is not null)
            {
                writer.WriteString("email", user.Email);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5525, Level = LogLevel.Information, Message = "Upstream sign-in completed for subject {Subject} (client {ClientId}, via {Upstream}): code issued")]
        public static partial void SignedIn(ILogger logger, string subject, string clientId, string upstream);

        [LoggerMessage(EventId = 5526, Level = LogLevel.Information, Message = "Callback with an unknown, used or expired state (hash {StateHashPrefix}): error page, no redirect")]
        public static partial void UnknownState(ILogger logger, string stateHashPrefix);

        [LoggerMessage(EventId = 5527, Level = LogLevel.Information, Message = "Upstream provider refused the sign-in for client {ClientId}: {Error} {Description}")]
        public static partial void UpstreamRefused(ILogger logger, string clientId, string error, string description);

        [LoggerMessage(EventId = 5528, Level = LogLevel.Warning, Message = "Upstream sign-in for client {ClientId} failed: {Reason}")]
        public static partial void UpstreamFailed(ILogger logger, string clientId, string reason);

        [LoggerMessage(EventId = 5529, Level = LogLevel.Error, Message = "Authorization code for client {ClientId} could not be stored: {Status}")]
        public static partial void CodeNotStored(ILogger logger, string clientId, string status);
    }
}
