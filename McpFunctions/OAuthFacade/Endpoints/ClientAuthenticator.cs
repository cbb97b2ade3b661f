using System.Net.Http.Headers;
using System.Text;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Tokens;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// Client authentication at the token and revocation endpoints (RFC 6749 §2.3): the method the client registered,
/// and only that one — <c>none</c> (a public client names itself with <c>client_id</c>; PKCE protects the code),
/// <c>client_secret_basic</c> or <c>client_secret_post</c> (the secret compared by SHA-256 in fixed time).
/// </summary>
/// <remarks>
/// Checks, in order: at most one method used (RFC 6749 §2.3) → a Basic header decodes to <c>id:secret</c>,
/// each form-urlencoded (§2.3.1) → a form <c>client_id</c> agrees with it → no <c>client_assertion</c> (not
/// offered) → the client exists → the method used is the one it registered → the secret matches.
/// Every failure is <c>invalid_client</c> (401, with a Basic challenge when Basic was tried), except a
/// malformed request (<c>invalid_request</c>).
/// </remarks>
internal sealed class ClientAuthenticator(OAuthClientResolver resolver, FacadeUrls urls)
{
    public async Task<ClientAuthentication> AuthenticateAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(form);
        var realm = urls.Issuer;
        var formClientId = form[OAuthConstants.Parameters.ClientId].ToString();
        var formSecret = form[OAuthConstants.Parameters.ClientSecret].ToString();
        var basicFailure = ReadBasicHeader(request, formClientId, formSecret, realm, out var basicId, out var basicSecret);
        if (basicFailure is not null)
        {
            return basicFailure;
        }

        if (form.ContainsKey(OAuthConstants.Parameters.ClientAssertion))
        {
            return ClientAuthentication.Failure(OAuthError.InvalidClient("client_assertion is not supported here."));
        }

        var clientId = basicId ?? (formClientId.Length > 0 ? formClientId : null);
        if (clientId is null)
        {
            return ClientAuthentication.Failure(OAuthError.InvalidClient("The request does not say which client it comes from (client_id)."));
        }

        var resolution = await resolver.ResolveAsync(clientId, cancellationToken);
        if (resolution.Client is not { } client)
        {
            return ClientAuthentication.Failure(OAuthError.InvalidClient("Unknown client."), basicId is null ? null : realm);
        }

        var used = basicId is not null
            ? OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic
            : formSecret.Length > 0 ? OAuthConstants.ClientAuthenticationMethods.ClientSecretPost : OAuthConstants.ClientAuthenticationMethods.None;
        if (used != client.TokenEndpointAuthMethod)
        {
            return ClientAuthentication.Failure(
                OAuthError.InvalidClient($"This client authenticates with {client.TokenEndpointAuthMethod}, as it registered."),
                client.TokenEndpointAuthMethod == OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic || basicId is not null ? realm : null);
        }

        if (used != OAuthConstants.ClientAuthenticationMethods.None && !OAuthSecrets.MatchesHash(basicSecret ?? formSecret, client.ClientSecretHash))
        {
            return ClientAuthentication.Failure(OAuthError.InvalidClient("Client authentication failed."), basicId is null ? null : realm);
        }

        return ClientAuthentication.Success(client);
    }

    // The Basic header, if sent: well-formed, the only method used, and naming the same client as the form.
    private static ClientAuthentication? ReadBasicHeader(
        HttpRequest request, string formClientId, string formSecret, string realm, out string? basicId, out string? basicSecret)
    {
        basicId = null;
        basicSecret = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return null;
        }

        if (!TryReadBasic(authorization, out basicId, out basicSecret))
        {
            return ClientAuthentication.Failure(OAuthError.InvalidClient("The Authorization header is not HTTP Basic client credentials."), realm);
        }

        if (formSecret.Length > 0)
        {
            return ClientAuthentication.Failure(OAuthError.InvalidRequest("Use one client authentication method, not both Basic and client_secret."));
        }

        return formClientId.Length > 0 && formClientId != basicId
            ? ClientAuthentication.Failure(OAuthError.InvalidRequest("client_id differs from the Basic credentials."))
            : null;
    }

    private static bool TryReadBasic(string header, out string? clientId, out string? secret)
    {
        clientId = null;
        secret = null;
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        // RFC 6749 §2.3.1: both parts are application/x-www-form-urlencoded before Base64.
        clientId = Uri.UnescapeDataString(decoded[..separator].Replace('+', ' '));
        secret = Uri.UnescapeDataString(decoded[(separator + 1)..].Replace('+', ' '));
        return clientId.Length > 0 && secret.Length > 0;
    }
}
