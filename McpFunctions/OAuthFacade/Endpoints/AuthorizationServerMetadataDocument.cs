using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>RFC 8414 §2 authorization server metadata, with the MCP-relevant extensions.</summary>
internal sealed record AuthorizationServerMetadataDocument
{
    [JsonPropertyName("issuer")]
    public required string Issuer { get; init; }

    [JsonPropertyName("authorization_endpoint")]
    public required string AuthorizationEndpoint { get; init; }

    [JsonPropertyName("token_endpoint")]
    public required string TokenEndpoint { get; init; }

    [JsonPropertyName("registration_endpoint")]
    public required string RegistrationEndpoint { get; init; }

    [JsonPropertyName("revocation_endpoint")]
    public required string RevocationEndpoint { get; init; }

    [JsonPropertyName("jwks_uri")]
    public required string JwksUri { get; init; }

    [JsonPropertyName("scopes_supported")]
    public required IReadOnlyList<string> ScopesSupported { get; init; }

    [JsonPropertyName("response_types_supported")]
    public required IReadOnlyList<string> ResponseTypesSupported { get; init; }

    [JsonPropertyName("response_modes_supported")]
    public required IReadOnlyList<string> ResponseModesSupported { get; init; }

    [JsonPropertyName("grant_types_supported")]
    public required IReadOnlyList<string> GrantTypesSupported { get; init; }

    /// <summary>MCP authorization: clients MUST refuse an authorization server that does not list S256 here.</summary>
    [JsonPropertyName("code_challenge_methods_supported")]
    public required IReadOnlyList<string> CodeChallengeMethodsSupported { get; init; }

    [JsonPropertyName("token_endpoint_auth_methods_supported")]
    public required IReadOnlyList<string> TokenEndpointAuthMethodsSupported { get; init; }

    [JsonPropertyName("revocation_endpoint_auth_methods_supported")]
    public required IReadOnlyList<string> RevocationEndpointAuthMethodsSupported { get; init; }

    /// <summary>draft-ietf-oauth-client-id-metadata-document: https client ids are fetched (MCP 2025-11-25, the preferred registration).</summary>
    [JsonPropertyName("client_id_metadata_document_supported")]
    public required bool ClientIdMetadataDocumentSupported { get; init; }

    /// <summary>RFC 9207 §3: every authorization response carries <c>iss</c>.</summary>
    [JsonPropertyName("authorization_response_iss_parameter_supported")]
    public required bool AuthorizationResponseIssParameterSupported { get; init; }
}
