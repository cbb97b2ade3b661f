using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Consent;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.OAuthFacade.Upstream;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// <c>GET /authorize</c> (RFC 6749 §4.1.1 with OAuth 2.1 and MCP authorization rules), ending at the consent page.
/// </summary>
/// <remarks>
/// Checks, in order. Until the redirect URI is trusted, failures are an error page — never a redirect
/// (RFC 6749 §4.1.2.1); afterwards they go back to the client with <c>error</c>, its <c>state</c> and <c>iss</c>.
///  1. <c>client_id</c> (once) names a registered client or a usable Client ID Metadata Document → page
///  2. <c>redirect_uri</c> (once; may be omitted only by a client with exactly one) is one of the client's,
///     exactly — a loopback port may differ (RFC 8252 §7.3) — and still allowed by the server     → page
///  3. no parameter repeated; <c>state</c> at most 1 KiB                                        → invalid_request
///  4. <c>response_type=code</c>, and the client registered it                                  → unsupported_response_type / unauthorized_client
///  5. <c>code_challenge</c> present and <c>code_challenge_method=S256</c> (<c>plain</c> refused)     → invalid_request
///  6. <c>scope</c> well-formed; this server's scopes granted, others ignored, none → all      → invalid_scope
///  7. <c>resource</c> absent (→ the default) or one of this server's canonical resources         → invalid_target
///  8. this browser remembered consent for exactly this client, redirect URI, resource and scopes → upstream
///  9. otherwise the consent page: anti-forgery cookie + the request as a protected ticket (MCP security best
///     practices, "Confused Deputy": consent before anything goes upstream).
/// </remarks>
internal sealed partial class AuthorizeEndpoint(
    OAuthClientResolver clientResolver,
    RedirectUriPolicy redirectUriPolicy,
    FacadeScopes facadeScopes,
    ResourceIndicators resources,
    ConsentCookies cookies,
    UpstreamHandoff handoff,
    IUpstreamIdentityProvider upstream,
    FacadeProtector protector,
    FacadeUrls urls,
    TimeProvider timeProvider,
    IOptions<FacadeOptions> options,
    ILogger<AuthorizeEndpoint> logger)
{
    public const int MaxStateLength = 1024;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        if (await TrustClientAsync(context, query) is not { } trusted)
        {
            return;
        }

        var (clientId, client, redirectUri) = trusted;

        // From here errors go back to the client.
        var state = query[OAuthConstants.Parameters.State].Count == 1 ? query[OAuthConstants.Parameters.State][0] : null;
        var (scopes, resource, error) = ValidateRequest(query, client);
        if (error is not null)
        {
            Redirect(context, clientId, redirectUri, state, error);
            return;
        }

        var now = timeProvider.GetUtcNow();
        var ticket = new ConsentTicket
        {
            ClientId = clientId,
            RedirectUri = redirectUri,
            State = state,
            CodeChallenge = query[OAuthConstants.Parameters.CodeChallenge][0]!,
            Scopes = scopes!,
            Resource = resource!,
            AntiForgery = cookies.EnsureAntiForgery(context),
            ExpiresAt = (now + options.Value.PendingAuthorizationLifetime).ToUnixTimeSeconds(),
        };

        // 8. Remembered consent for exactly this request shape: straight to the upstream sign-in.
        if (cookies.IsRemembered(context, clientId, redirectUri, ticket.Resource, ticket.Scopes))
        {
            Log.ConsentRemembered(logger, clientId);
            await handoff.SendUpstreamAsync(context, ticket, StatusCodes.Status302Found);
            return;
        }

        await ShowConsentAsync(context, client, ticket, now);
    }

    // Steps 1–2: until both hold, a refusal is an error page, never a redirect. Null when the page was written.
    private async Task<(string ClientId, OAuthClientRecord Client, string RedirectUri)?> TrustClientAsync(HttpContext context, IQueryCollection query)
    {
        // 1. The client.
        var clientId = Single(query, OAuthConstants.Parameters.ClientId);
        if (clientId is null)
        {
            await PageAsync(context, OAuthError.InvalidRequest("The request names no client (client_id is missing or repeated)."), "no client_id");
            return null;
        }

        var resolution = await clientResolver.ResolveAsync(clientId, context.RequestAborted);
        if (resolution.Client is not { } client)
        {
            await PageAsync(context, OAuthError.InvalidClient("The application that sent you here is not known to this server. Start the connection again from the application.")
                    with { Status = StatusCodes.Status400BadRequest },
                $"client {clientId}: {resolution.Problem}");
            return null;
        }

        // 2. The redirect URI.
        var presentedRedirect = query[OAuthConstants.Parameters.RedirectUri];
        if (presentedRedirect.Count > 1)
        {
            await PageAsync(context, OAuthError.InvalidRequest("redirect_uri is repeated."), $"client {clientId}: redirect_uri repeated");
            return null;
        }

        var redirectUri = presentedRedirect.Count == 1 ? presentedRedirect[0]! : client.RedirectUris.Count == 1 ? client.RedirectUris[0] : null;
        if (redirectUri is null
            || !client.RedirectUris.Any(registered => RedirectUriPolicy.Matches(registered, redirectUri))
            || !redirectUriPolicy.IsAllowed(redirectUri))
        {
            await PageAsync(context, OAuthError.InvalidRequest("The address this application asked to return to is not one it registered, so this server will not send you there."),
                $"client {clientId}: redirect_uri {redirectUri ?? "(missing)"} is not registered or not allowed");
            return null;
        }

        return (clientId, client, redirectUri);
    }

    // Steps 3–7: the scopes granted and the resource, or the error to send back to the client.
    private (IReadOnlyList<string>? Scopes, string? Resource, OAuthError? Error) ValidateRequest(IQueryCollection query, OAuthClientRecord client)
    {
        var error = ValidateParameters(query, client.ResponseTypes);
        if (error is not null)
        {
            return (null, null, error);
        }

        var requestedScope = Single(query, OAuthConstants.Parameters.Scope);
        if (requestedScope is not null && !FacadeScopes.IsWellFormed(requestedScope))
        {
            return (null, null, OAuthError.InvalidScope("scope is not a space-separated list of scope tokens (RFC 6749 §3.3)."));
        }

        var scopes = facadeScopes.Grant(FacadeScopes.Parse(requestedScope));
        var resource = resources.Resolve(query[OAuthConstants.Parameters.Resource], out var resourceError);
        return resource is null ? (null, null, resourceError!) : (scopes, resource, null);
    }

    // 9. The consent page: anti-forgery cookie already set, the request carried as a protected ticket.
    private async Task ShowConsentAsync(HttpContext context, OAuthClientRecord client, ConsentTicket ticket, DateTimeOffset now)
    {
        var protectedTicket = ProtectedJson.Protect(protector, FacadeProtectionPurposes.State, ticket, FacadeJsonContext.Default.ConsentTicket,
            now + options.Value.PendingAuthorizationLifetime);
        Log.ConsentShown(logger, ticket.ClientId, client.ClientName ?? "(unnamed)", ticket.RedirectUri, string.Join(' ', ticket.Scopes), ticket.Resource);
        await ConsentPage.WriteAsync(context, client, ticket.RedirectUri, ticket.Scopes, ticket.Resource, HtmlPage.ServerName(options.Value), upstream.DisplayName, protectedTicket);
    }

    // Steps 3–5.
    private static OAuthError? ValidateParameters(IQueryCollection query, IReadOnlyList<string> clientResponseTypes)
    {
        // RFC 6749 §3.1: parameters MUST NOT be included more than once (resource may be; RFC 8707 handles that).
        var repeated = query.FirstOrDefault(p => p.Value.Count > 1 && p.Key != OAuthConstants.Parameters.Resource).Key;
        if (repeated is not null)
        {
            return OAuthError.InvalidRequest($"{repeated} is repeated.");
        }

        if (query[OAuthConstants.Parameters.State].ToString().Length > MaxStateLength)
        {
            return OAuthError.InvalidRequest($"state is longer than {MaxStateLength} characters.");
        }

        var responseType = query[OAuthConstants.Parameters.ResponseType].ToString();
        if (responseType != OAuthConstants.ResponseTypes.Code)
        {
            return new OAuthError(OAuthConstants.Errors.UnsupportedResponseType, "response_type must be \"code\" (OAuth 2.1: the authorization code flow only).");
        }

        if (!clientResponseTypes.Contains(OAuthConstants.ResponseTypes.Code))
        {
            return OAuthError.UnauthorizedClient("This client did not register the \"code\" response type.");
        }

        // MCP authorization: PKCE is required, S256 only (plain reveals the verifier to anyone who sees the request).
        var challenge = query[OAuthConstants.Parameters.CodeChallenge].ToString();
        if (challenge.Length == 0)
        {
            return OAuthError.InvalidRequest("code_challenge is required (PKCE, RFC 7636).");
        }

        if (query[OAuthConstants.Parameters.CodeChallengeMethod].ToString() != OAuthConstants.CodeChallengeMethods.S256)
        {
            return OAuthError.InvalidRequest("code_challenge_method must be S256; plain is not accepted.");
        }

        return Pkce.IsWellFormed(challenge) && challenge.Length == 43
            ? null
            : OAuthError.InvalidRequest("code_challenge is not an S256 challenge (43 base64url characters).");
    }

    private void Redirect(HttpContext context, string clientId, string redirectUri, string? state, OAuthError error)
    {
        Log.Refused(logger, clientId, error.Error, error.Description);
        OAuthErrorWriter.Redirect(context, redirectUri, error, state, urls.Issuer);
    }

    private async Task PageAsync(HttpContext context, OAuthError error, string reason)
    {
        Log.RefusedWithPage(logger, reason);
        await OAuthErrorWriter.WriteErrorPageAsync(context, error);
    }

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5510, Level = LogLevel.Information, Message = "Authorization request refused with an error page (no redirect): {Reason}")]
        public static partial void RefusedWithPage(ILogger logger, string reason);

        [LoggerMessage(EventId = 5511, Level = LogLevel.Information, Message = "Authorization request from client {ClientId} refused: {Error} {Description}")]
        public static partial void Refused(ILogger logger, string clientId, string error, string description);

        [LoggerMessage(EventId = 5512, Level = LogLevel.Information, Message = "Consent page shown for client {ClientId} \"{ClientName}\" returning to {RedirectUri}: scopes {Scopes} on {Resource}")]
        public static partial void ConsentShown(ILogger logger, string clientId, string clientName, string redirectUri, string scopes, string resource);

        [LoggerMessage(EventId = 5513, Level = LogLevel.Information, Message = "Remembered consent for client {ClientId}: skipping the consent page")]
        public static partial void ConsentRemembered(ILogger logger, string clientId);
    }
}
