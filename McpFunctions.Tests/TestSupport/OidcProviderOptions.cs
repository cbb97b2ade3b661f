using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace McpFunctions.Tests.TestSupport;

/// <summary>
/// What the test OpenID provider (e2e/oidc-provider/server.mjs) is started with; serialized as its JSON config.
/// <see cref="ForTokenValidation"/> is the default set-up: an MCP server at <see cref="McpBaseUrl"/> whose
/// <c>/mcp</c> resource gets JWT access tokens and whose root resource gets opaque ones, a foreign API of each
/// kind, this server's introspection client, a client-credentials client and a public PKCE client.
/// </summary>
public sealed class OidcProviderOptions
{
    /// <summary>The MCP server the default resources belong to (never contacted: it only names audiences).</summary>
    public const string McpBaseUrl = "https://mcp.example.test";

    /// <summary>Resource with JWT access tokens (RS256, kid) — validated via JWKS.</summary>
    public const string McpJwtResource = McpBaseUrl + "/mcp";

    /// <summary>The root resource (the first seed's path) with opaque access tokens — validated via introspection.</summary>
    public const string McpOpaqueResource = McpBaseUrl;

    public const string ForeignJwtResource = "https://other.example.test/api";

    public const string ForeignOpaqueResource = "https://other.example.test/opaque";

    public const string McpScopes = "mcp:read mcp:execute";

    public const string IntrospectionClientId = "mcp-resource-server";

    public const string ServiceClientId = "validator-tests";

    public const string PublicClientId = "test-public-client";

    public const string PublicClientRedirectUri = "http://127.0.0.1/callback";

    [JsonPropertyName("registration")]
    public bool Registration { get; init; } = true;

    [JsonPropertyName("accessTokenTtlSeconds")]
    public int AccessTokenTtlSeconds { get; init; } = 3600;

    [JsonPropertyName("resources")]
    public IReadOnlyList<OidcProviderResource> Resources { get; init; } = [];

    [JsonPropertyName("clients")]
    public IReadOnlyList<OidcProviderClient> Clients { get; init; } = [];

    [JsonIgnore]
    public string IntrospectionClientSecret => Secret(IntrospectionClientId);

    [JsonIgnore]
    public string ServiceClientSecret => Secret(ServiceClientId);

    public static OidcProviderOptions ForTokenValidation()
    {
        // A secret with characters that RFC 6749 §2.3.1 says must be form-urlencoded before Basic auth.
        var introspectionSecret = "rs+" + RandomSecret() + ":/ %";
        return new OidcProviderOptions
        {
            Resources =
            [
                new OidcProviderResource(McpJwtResource, "jwt"),
                new OidcProviderResource(McpOpaqueResource, "opaque"),
                new OidcProviderResource(ForeignJwtResource, "jwt"),
                new OidcProviderResource(ForeignOpaqueResource, "opaque"),
            ],
            Clients =
            [
                new OidcProviderClient(IntrospectionClientId) { ClientSecret = introspectionSecret },
                new OidcProviderClient(ServiceClientId) { ClientSecret = RandomSecret(), GrantTypes = ["client_credentials"] },
                new OidcProviderClient(PublicClientId)
                {
                    TokenEndpointAuthMethod = "none",
                    RedirectUris = [PublicClientRedirectUri],
                    GrantTypes = ["authorization_code", "refresh_token"],
                    ResponseTypes = ["code"],
                },
            ],
        };
    }

    /// <summary>The secret of a configured confidential client.</summary>
    public string Secret(string clientId) =>
        Clients.Single(c => c.ClientId == clientId).ClientSecret ?? throw new InvalidOperationException($"Client {clientId} has no secret.");

    private static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=');
}

/// <summary>An RFC 8707 resource the provider issues tokens for: <c>jwt</c> or <c>opaque</c> access tokens.</summary>
public sealed record OidcProviderResource(
    [property: JsonPropertyName("indicator")] string Indicator,
    [property: JsonPropertyName("accessTokenFormat")] string AccessTokenFormat,
    [property: JsonPropertyName("scope")] string Scope = OidcProviderOptions.McpScopes);

/// <summary>A pre-registered client, in oidc-provider's (RFC 7591) metadata names.</summary>
public sealed record OidcProviderClient([property: JsonPropertyName("client_id")] string ClientId)
{
    [JsonPropertyName("client_secret")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    [JsonPropertyName("token_endpoint_auth_method")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TokenEndpointAuthMethod { get; init; }

    [JsonPropertyName("redirect_uris")]
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    [JsonPropertyName("grant_types")]
    public IReadOnlyList<string> GrantTypes { get; init; } = [];

    [JsonPropertyName("response_types")]
    public IReadOnlyList<string> ResponseTypes { get; init; } = [];
}
