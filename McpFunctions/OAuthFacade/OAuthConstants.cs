namespace McpFunctions.OAuthFacade;

/// <summary>The OAuth vocabulary the façade speaks, each name with the rule that defines it.</summary>
internal static class OAuthConstants
{
    /// <summary>The façade's function routes (host.json's <c>routePrefix</c> is empty, so a route is its path without the slash).</summary>
    public static class Routes
    {
        public const string AuthorizationServerMetadata = ".well-known/oauth-authorization-server";
        public const string OpenIdConfiguration = ".well-known/openid-configuration";
        public const string Jwks = ".well-known/jwks.json";
        public const string Register = "register";
        public const string Authorize = "authorize";
        public const string Consent = "authorize/consent";
        public const string Callback = "callback";
        public const string Token = "token";
        public const string Revoke = "revoke";
        public const string DevelopmentSignIn = "dev/sign-in";

        /// <summary>RFC 7592 §2: the client configuration endpoint, one per dynamically registered client.</summary>
        public const string ClientConfiguration = "register/{clientId}";
    }

    /// <summary>Where the façade's endpoints live (relative to the public base URL, which is also the issuer).</summary>
    public static class Paths
    {
        /// <summary>RFC 8414 §3: the issuer has no path, so the metadata is at the root well-known URI.</summary>
        public const string AuthorizationServerMetadata = "/" + Routes.AuthorizationServerMetadata;

        /// <summary>OpenID Connect Discovery 1.0 §4: MCP clients fall back to it (MCP authorization 2025-11-25, "Authorization Server Metadata Discovery").</summary>
        public const string OpenIdConfiguration = "/" + Routes.OpenIdConfiguration;

        public const string Jwks = "/" + Routes.Jwks;
        public const string Register = "/" + Routes.Register;

        public const string Authorize = "/" + Routes.Authorize;
        public const string Consent = "/" + Routes.Consent;
        public const string Callback = "/" + Routes.Callback;
        public const string Token = "/" + Routes.Token;
        public const string Revoke = "/" + Routes.Revoke;

        /// <summary>The development upstream's sign-in page (served only when <c>Facade:Upstream:Kind</c> is Development).</summary>
        public const string DevelopmentSignIn = "/" + Routes.DevelopmentSignIn;
    }

    /// <summary>Request and response parameters (RFC 6749 §4.1, §5; RFC 7636 §4; RFC 8707 §2; RFC 9207 §2; RFC 7009 §2.1).</summary>
    public static class Parameters
    {
        public const string ClientId = "client_id";
        public const string ClientSecret = "client_secret";
        public const string ClientAssertion = "client_assertion";
        public const string ClientAssertionType = "client_assertion_type";
        public const string RedirectUri = "redirect_uri";
        public const string ResponseType = "response_type";
        public const string Scope = "scope";
        public const string State = "state";
        public const string Code = "code";
        public const string CodeChallenge = "code_challenge";
        public const string CodeChallengeMethod = "code_challenge_method";
        public const string CodeVerifier = "code_verifier";
        public const string GrantType = "grant_type";
        public const string RefreshToken = "refresh_token";
        public const string Resource = "resource";
        public const string Nonce = "nonce";
        public const string Error = "error";
        public const string ErrorDescription = "error_description";

        /// <summary>RFC 9207 §2: the issuer in the authorization response, against mix-up attacks.</summary>
        public const string Issuer = "iss";

        public const string Token = "token";
        public const string TokenTypeHint = "token_type_hint";
        public const string AccessToken = "access_token";
        public const string TokenType = "token_type";
        public const string IdToken = "id_token";
    }

    /// <summary>Error codes: RFC 6749 §4.1.2.1 and §5.2, RFC 8707 §2, RFC 7591 §3.2.2, RFC 7009 §2.2.1.</summary>
    public static class Errors
    {
        public const string InvalidRequest = "invalid_request";
        public const string InvalidClient = "invalid_client";
        public const string InvalidGrant = "invalid_grant";
        public const string UnauthorizedClient = "unauthorized_client";
        public const string UnsupportedGrantType = "unsupported_grant_type";
        public const string UnsupportedResponseType = "unsupported_response_type";
        public const string InvalidScope = "invalid_scope";
        public const string AccessDenied = "access_denied";
        public const string ServerError = "server_error";
        public const string TemporarilyUnavailable = "temporarily_unavailable";

        /// <summary>RFC 8707 §2: the requested resource is not one this authorization server issues tokens for.</summary>
        public const string InvalidTarget = "invalid_target";

        /// <summary>RFC 7591 §3.2.2.</summary>
        public const string InvalidRedirectUri = "invalid_redirect_uri";

        /// <summary>RFC 7591 §3.2.2.</summary>
        public const string InvalidClientMetadata = "invalid_client_metadata";

        /// <summary>RFC 6750 §3.1: the bearer token (here the RFC 7592 registration access token) is not valid.</summary>
        public const string InvalidToken = "invalid_token";
    }

    /// <summary>RFC 6749 §4.1.3 and §6; the only two grants the façade issues (OAuth 2.1 drops implicit and password).</summary>
    public static class GrantTypes
    {
        public const string AuthorizationCode = "authorization_code";
        public const string RefreshToken = "refresh_token";
    }

    public static class ResponseTypes
    {
        /// <summary>OAuth 2.1 §4.1: the authorization code flow is the only one.</summary>
        public const string Code = "code";
    }

    public static class CodeChallengeMethods
    {
        /// <summary>RFC 7636 §4.2; MCP authorization requires S256 and <c>plain</c> is refused (OAuth 2.1 §7.5.2).</summary>
        public const string S256 = "S256";
    }

    /// <summary>RFC 7591 §2 <c>token_endpoint_auth_method</c> values the façade accepts.</summary>
    public static class ClientAuthenticationMethods
    {
        /// <summary>A public client: PKCE only (Claude, the SDK clients, every Client ID Metadata Document client).</summary>
        public const string None = "none";

        /// <summary>RFC 6749 §2.3.1: HTTP Basic with the form-urlencoded id and secret.</summary>
        public const string ClientSecretBasic = "client_secret_basic";

        /// <summary>RFC 6749 §2.3.1: id and secret in the form body.</summary>
        public const string ClientSecretPost = "client_secret_post";
    }

    /// <summary>OpenID Connect Dynamic Client Registration 1.0 §2 <c>application_type</c>; required on DCR by MCP 2026-07-28.</summary>
    public static class ApplicationTypes
    {
        public const string Web = "web";
        public const string Native = "native";
    }

    public static class TokenTypes
    {
        /// <summary>RFC 6750; the second seed: exactly <c>"Bearer"</c>, Claude compares it.</summary>
        public const string Bearer = "Bearer";
    }

    /// <summary>RFC 7523 §2.2: a client assertion (the Entra managed-identity federated credential).</summary>
    public const string JwtBearerClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Media type of token requests (RFC 6749 §4.1.3, §6) and consent form posts.</summary>
    public const string FormUrlEncoded = "application/x-www-form-urlencoded";
}
