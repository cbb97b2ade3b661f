using System.Text.Json;
using Microsoft.Extensions.Options;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// RFC 8414 authorization server metadata at <c>/.well-known/oauth-authorization-server</c>, and the same document
/// at <c>/.well-known/openid-configuration</c> for clients that try OIDC discovery (MCP authorization 2025-11-25,
/// "Authorization Server Metadata Discovery"). The PRM's <c>authorization_servers</c> names this issuer.
/// </summary>
/// <remarks>
/// What Claude.ai and the SDK clients act on: <c>code_challenge_methods_supported</c> with S256 (without it the
/// MCP spec tells clients to refuse the server — Entra omits it, one reason the façade exists),
/// <c>registration_endpoint</c> (DCR), <c>client_id_metadata_document_supported</c> (CIMD, preferred when present),
/// <c>token_endpoint_auth_methods_supported</c> with <c>none</c> (public clients) and RFC 9207 <c>iss</c>.
/// </remarks>
internal sealed class AuthorizationServerMetadataEndpoint(FacadeUrls urls, FacadeScopes scopes, IOptions<FacadeOptions> options)
{
    private static readonly string[] AuthMethods =
    [
        OAuthConstants.ClientAuthenticationMethods.None,
        OAuthConstants.ClientAuthenticationMethods.ClientSecretBasic,
        OAuthConstants.ClientAuthenticationMethods.ClientSecretPost,
    ];

    public AuthorizationServerMetadataDocument Document() => new()
    {
        Issuer = urls.Issuer,
        AuthorizationEndpoint = urls.Absolute(OAuthConstants.Paths.Authorize),
        TokenEndpoint = urls.Absolute(OAuthConstants.Paths.Token),
        RegistrationEndpoint = urls.Absolute(OAuthConstants.Paths.Register),
        RevocationEndpoint = urls.Absolute(OAuthConstants.Paths.Revoke),
        JwksUri = urls.Absolute(OAuthConstants.Paths.Jwks),
        ScopesSupported = scopes.Server,
        ResponseTypesSupported = [OAuthConstants.ResponseTypes.Code],
        ResponseModesSupported = ["query"],
        GrantTypesSupported = [OAuthConstants.GrantTypes.AuthorizationCode, OAuthConstants.GrantTypes.RefreshToken],
        CodeChallengeMethodsSupported = [OAuthConstants.CodeChallengeMethods.S256],
        TokenEndpointAuthMethodsSupported = AuthMethods,
        RevocationEndpointAuthMethodsSupported = AuthMethods,
        // Claude uses metadata documents only when this is true and token_endpoint_auth_methods_supported lists "none".
        ClientIdMetadataDocumentSupported = options.Value.ClientMetadataDocuments is { Enabled: true, Advertise: true },
        AuthorizationResponseIssParameterSupported = true,
    };

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "public, max-age=3600";
        await JsonSerializer.SerializeAsync(context.Response.Body, Document(), FacadeJsonContext.Default.AuthorizationServerMetadataDocument, context.RequestAborted);
    }
}
