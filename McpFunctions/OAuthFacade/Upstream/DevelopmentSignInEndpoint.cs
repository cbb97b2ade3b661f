using System.Net;
using McpFunctions.OAuthFacade.Endpoints;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// The development upstream's sign-in page at <c>/dev/sign-in</c> (mapped only with <c>Facade:Upstream:Kind=Development</c>):
/// GET shows a name field and "Continue"; POST sends the browser to the façade's callback with a code, as a real
/// provider would. Checks on POST, in order: a form → state, nonce and S256 challenge present → a plain name.
/// </summary>
internal sealed class DevelopmentSignInEndpoint(DevelopmentUpstreamIdentityProvider provider, FacadeUrls urls)
{
    public const string NameField = "name";
    public const int MaxNameLength = 64;

    public Task GetAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var state = query[OAuthConstants.Parameters.State].ToString();
        var nonce = query[OAuthConstants.Parameters.Nonce].ToString();
        var challenge = query[OAuthConstants.Parameters.CodeChallenge].ToString();
        if (state.Length == 0 || nonce.Length == 0 || !Pkce.IsWellFormed(challenge))
        {
            return OAuthErrorWriter.WriteErrorPageAsync(context, OAuthError.InvalidRequest("This page is reached from this server's consent page, not directly. Start the connection again from the application."));
        }

        var body =
            "<h1>Development sign-in</h1>" +
            "<p class=\"warn\">This is this server's <strong>development</strong> sign-in, standing in for an identity provider: whoever reaches this page can continue as anyone. " +
            "It runs only on a local machine in the Development environment; anywhere else the server is configured with a real identity provider.</p>" +
            $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(urls.Absolute(OAuthConstants.Paths.DevelopmentSignIn))}\" data-form=\"dev-sign-in\">" +
            Hidden(OAuthConstants.Parameters.State, state) + Hidden(OAuthConstants.Parameters.Nonce, nonce) + Hidden(OAuthConstants.Parameters.CodeChallenge, challenge) +
            $"<p><label>Continue as <input name=\"{NameField}\" value=\"developer\" maxlength=\"{MaxNameLength}\" required autofocus></label></p>" +
            "<button type=\"submit\">Continue</button></form>";
        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Development sign-in", body);
    }

    public async Task PostAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = await FormLimits.ReadAsync(context.Request, context.RequestAborted);
        var state = form?[OAuthConstants.Parameters.State].ToString() ?? string.Empty;
        var nonce = form?[OAuthConstants.Parameters.Nonce].ToString() ?? string.Empty;
        var challenge = form?[OAuthConstants.Parameters.CodeChallenge].ToString() ?? string.Empty;
        var name = form?[NameField].ToString().Trim() ?? string.Empty;
        if (state.Length == 0 || nonce.Length == 0 || !Pkce.IsWellFormed(challenge))
        {
            await OAuthErrorWriter.WriteErrorPageAsync(context, OAuthError.InvalidRequest("The sign-in form is incomplete. Start again from the application."));
            return;
        }

        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '@'))
        {
            await OAuthErrorWriter.WriteErrorPageAsync(context, OAuthError.InvalidRequest($"Use a name of 1–{MaxNameLength} letters, digits, spaces and . _ - @."));
            return;
        }

        var code = provider.IssueCode(name, nonce, challenge);
        ClientRedirect.Send(context, ClientRedirect.Build(urls.Callback,
        [
            new(OAuthConstants.Parameters.Code, code),
            new(OAuthConstants.Parameters.State, state),
        ]), StatusCodes.Status303SeeOther);
    }

    private static string Hidden(string name, string value) =>
        $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(value)}\">";
}
