using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpFunctions.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// Redeems the upstream authorization code at the provider's token endpoint (RFC 6749 §4.1.3, with PKCE's verifier),
/// authenticated as the façade's client: a secret, or Entra's managed-identity client assertion.
/// </summary>
internal sealed class UpstreamCodeExchange(
    IOptions<FacadeOptions> options,
    IHttpClientFactory httpClientFactory,
    ManagedIdentityClientAssertion clientAssertion)
{
    private readonly UpstreamOptions _options = options.Value.Upstream;

    public async Task<UpstreamStep<UpstreamTokenResponse>> RedeemAsync(
        OpenIdConnectConfiguration configuration, UpstreamCodeRedemption redemption, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new(OAuthConstants.Parameters.GrantType, OAuthConstants.GrantTypes.AuthorizationCode),
            new(OAuthConstants.Parameters.Code, redemption.Code),
            new(OAuthConstants.Parameters.RedirectUri, redemption.RedirectUri),
            new(OAuthConstants.Parameters.CodeVerifier, redemption.CodeVerifier),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint);
        try
        {
            await AuthenticateClientAsync(request, form, configuration, cancellationToken);
        }
        catch (Exception exception) when (exception is Azure.Identity.AuthenticationFailedException or Azure.RequestFailedException)
        {
            return UpstreamStep<UpstreamTokenResponse>.Failure("the managed identity could not provide a client assertion: " + exception.Message, temporary: true);
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var reply = await BackchannelJson.SendAsync(httpClientFactory, UpstreamDefaults.HttpClientName, request, cancellationToken);
        return Read(reply);
    }

    private static UpstreamStep<UpstreamTokenResponse> Read(JsonReply reply)
    {
        if (reply.Document is not { } document)
        {
            return UpstreamStep<UpstreamTokenResponse>.Failure("token endpoint: " + reply.Failure, reply.IsTransient);
        }

        // RFC 6749 §5.2: an error answer names its error code, which says what to fix (invalid_client: the secret).
        var root = document.RootElement;
        if (reply.StatusCode != 200)
        {
            var error = JsonText.String(root, OAuthConstants.Parameters.Error) ?? "(no error code)";
            var description = JsonText.String(root, OAuthConstants.Parameters.ErrorDescription);
            return UpstreamStep<UpstreamTokenResponse>.Failure($"token endpoint answered {reply.StatusCode} {error} {description}".TrimEnd(), reply.IsTransient);
        }

        var idToken = JsonText.String(root, OAuthConstants.Parameters.IdToken);
        return idToken is null
            ? UpstreamStep<UpstreamTokenResponse>.Failure("the token response has no id_token (is 'openid' among Facade:Upstream:Scopes?)")
            : UpstreamStep<UpstreamTokenResponse>.Success(new UpstreamTokenResponse(
                idToken, JsonText.String(root, OAuthConstants.Parameters.AccessToken), JsonText.String(root, OAuthConstants.Parameters.RefreshToken)));
    }

    // RFC 6749 §2.3.1 for a secret (Basic unless the provider only offers form post); RFC 7523 §2.2 for the
    // managed-identity assertion. The client id is always in the form too: Entra wants it with an assertion.
    private async Task AuthenticateClientAsync(
        HttpRequestMessage request, List<KeyValuePair<string, string>> form, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        var clientId = _options.ClientId!;
        if (_options.UseManagedIdentityFederation)
        {
            form.Add(new(OAuthConstants.Parameters.ClientId, clientId));
            form.Add(new(OAuthConstants.Parameters.ClientAssertionType, OAuthConstants.JwtBearerClientAssertionType));
            form.Add(new(OAuthConstants.Parameters.ClientAssertion, await clientAssertion.GetAssertionAsync(cancellationToken)));
            return;
        }

        var secret = _options.ClientSecret!;
        if (UsesFormPost(configuration))
        {
            form.Add(new(OAuthConstants.Parameters.ClientId, clientId));
            form.Add(new(OAuthConstants.Parameters.ClientSecret, secret));
            return;
        }

        var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    private bool UsesFormPost(OpenIdConnectConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(_options.ClientAuthenticationMethod))
        {
            return _options.ClientAuthenticationMethod == OAuthConstants.ClientAuthenticationMethods.ClientSecretPost;
        }

        var methods = configuration.TokenEndpointAuthMethodsSupported;
        return methods.Count > 0
            && !methods.Contains(OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic)
            && methods.Contains(OAuthConstants.ClientAuthenticationMethods.ClientSecretPost);
    }
}
