using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Tokens;
using McpFunctions.OAuthFacade.Upstream;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Consent;

/// <summary>
/// What happens once the user has consented (and only then — MCP security best practices, "Confused Deputy"):
/// a fresh single-use <c>state</c> (stored by its SHA-256), nonce and PKCE verifier (stored protected) for the
/// façade's own request upstream, a short-lived pending authorization that remembers the client's request, and
/// the browser sent to the upstream provider.
/// </summary>
internal sealed partial class UpstreamHandoff(
    IPendingAuthorizationStore pendingStore,
    IUpstreamIdentityProvider upstream,
    FacadeProtector protector,
    FacadeUrls urls,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger<UpstreamHandoff> logger)
{
    public async Task SendUpstreamAsync(HttpContext context, ConsentTicket request, int redirectStatus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = context.RequestAborted;
        var state = OAuthSecrets.NewSecret();
        var nonce = OAuthSecrets.NewSecret();
        var verifier = Pkce.NewVerifier();

        // The upstream URL first: if the provider cannot be reached, nothing is stored.
        var authorization = await upstream.CreateAuthorizationUriAsync(
            new UpstreamAuthorizationRequest(state, nonce, Pkce.S256Challenge(verifier), urls.Callback), cancellationToken);
        if (!authorization.Succeeded)
        {
            Log.UpstreamUnavailable(logger, request.ClientId, authorization.LogReason ?? "unknown");
            OAuthErrorWriter.Redirect(context, request.RedirectUri, authorization.Error!, request.State, urls.Issuer, redirectStatus);
            return;
        }

        var now = timeProvider.GetUtcNow();
        var pending = new PendingAuthorizationRecord
        {
            StateHash = OAuthSecrets.Hash(state),
            ClientId = request.ClientId,
            RedirectUri = request.RedirectUri,
            ClientState = request.State,
            CodeChallenge = request.CodeChallenge,
            Scopes = request.Scopes,
            Resource = request.Resource,
            UpstreamCodeVerifierProtected = protector.Protect(FacadeProtectionPurposes.UpstreamPkce, verifier),
            UpstreamNonce = nonce,
            CreatedAt = now,
            ExpiresAt = now + options.Value.PendingAuthorizationLifetime,
        };
        var created = await pendingStore.CreateAsync(pending, cancellationToken);
        if (!created.Succeeded)
        {
            // 256 random bits do not collide; a failed insert is a storage fault.
            Log.PendingNotStored(logger, request.ClientId, created.Status.ToString());
            OAuthErrorWriter.Redirect(context, request.RedirectUri, OAuthError.ServerError("The authorization could not be recorded. Try again."),
                request.State, urls.Issuer, redirectStatus);
            return;
        }

        Log.SentUpstream(logger, request.ClientId, upstream.DisplayName, OAuthSecrets.Hash(state)[..8]);
        ClientRedirect.Send(context, authorization.Value!.AbsoluteUri, redirectStatus);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5520, Level = LogLevel.Information, Message = "Consent given for client {ClientId}: browser sent to {Upstream} (state hash {StateHashPrefix})")]
        public static partial void SentUpstream(ILogger logger, string clientId, string upstream, string stateHashPrefix);

        [LoggerMessage(EventId = 5521, Level = LogLevel.Warning, Message = "Consent given for client {ClientId} but the upstream provider is unavailable: {Reason}")]
        public static partial void UpstreamUnavailable(ILogger logger, string clientId, string reason);

        [LoggerMessage(EventId = 5522, Level = LogLevel.Error, Message = "Pending authorization for client {ClientId} could not be stored: {Status}")]
        public static partial void PendingNotStored(ILogger logger, string clientId, string status);
    }
}
