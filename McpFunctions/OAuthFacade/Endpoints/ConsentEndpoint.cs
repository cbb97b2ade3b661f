using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Consent;
using McpFunctions.OAuthFacade.DataProtection;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// <c>POST /authorize/consent</c>: the consent page's answer. Only after an approval here does anything go upstream.
/// </summary>
/// <remarks>
/// Checks, in order (failures before step 4 are an error page: the ticket that names the redirect URI is not trusted yet):
///  1. the body is a form                                                                    → page
///  2. the ticket is one this server protected, unaltered and unexpired                      → page
///  3. the browser's anti-forgery cookie equals the ticket's value (CSRF; a cross-site
///     <c>Origin</c> is refused too)                                                        → page
///  4. the client still exists                                                               → page
///  5. deny → back to the client with <c>access_denied</c>, its <c>state</c> and <c>iss</c>
///  6. approve → remember if asked, then <see cref="UpstreamHandoff"/> (pending authorization + upstream redirect).
/// </remarks>
internal sealed partial class ConsentEndpoint(
    OAuthClientResolver clientResolver,
    ConsentCookies cookies,
    UpstreamHandoff handoff,
    FacadeProtector protector,
    FacadeUrls urls,
    ILogger<ConsentEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = await FormLimits.ReadAsync(context.Request, context.RequestAborted);
        if (form is null)
        {
            await PageAsync(context, "the consent answer is not a (small) form post");
            return;
        }

        var ticket = ProtectedJson.TryUnprotect(protector, FacadeProtectionPurposes.State, form[ConsentPage.TicketField].ToString(), FacadeJsonContext.Default.ConsentTicket);
        if (ticket is null)
        {
            await PageAsync(context, "the consent ticket is missing, altered or expired");
            return;
        }

        if (!cookies.AntiForgeryMatches(context, ticket.AntiForgery) || IsCrossOrigin(context))
        {
            await PageAsync(context, $"the consent answer for client {ticket.ClientId} did not come from the browser that was shown the page");
            return;
        }

        var resolution = await clientResolver.ResolveAsync(ticket.ClientId, context.RequestAborted);
        if (resolution.Client is null)
        {
            await PageAsync(context, $"client {ticket.ClientId} is no longer known: {resolution.Problem}");
            return;
        }

        if (form[ConsentPage.DecisionField].ToString() != ConsentPage.Approve)
        {
            Log.Denied(logger, ticket.ClientId);
            OAuthErrorWriter.Redirect(context, ticket.RedirectUri, OAuthError.AccessDenied("The user denied the request."), ticket.State, urls.Issuer, StatusCodes.Status303SeeOther);
            return;
        }

        if (form[ConsentPage.RememberField].ToString() == "1")
        {
            cookies.Remember(context, ticket.ClientId, ticket.RedirectUri, ticket.Resource, ticket.Scopes);
        }

        await handoff.SendUpstreamAsync(context, ticket, StatusCodes.Status303SeeOther);
    }

    // A browser names the page's origin on a form post; another origin means a cross-site submission.
    private bool IsCrossOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        return origin.Length > 0 && origin != "null" && !string.Equals(origin, urls.Issuer, StringComparison.OrdinalIgnoreCase);
    }

    private async Task PageAsync(HttpContext context, string reason)
    {
        Log.Refused(logger, reason);
        await OAuthErrorWriter.WriteErrorPageAsync(context,
            OAuthError.InvalidRequest("This approval could not be accepted: it has expired or did not come from this browser. Start the connection again from the application."));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5515, Level = LogLevel.Information, Message = "Consent denied for client {ClientId}")]
        public static partial void Denied(ILogger logger, string clientId);

        [LoggerMessage(EventId = 5516, Level = LogLevel.Warning, Message = "Consent answer refused with an error page: {Reason}")]
        public static partial void Refused(ILogger logger, string reason);
    }
}
