using System.Text.Json.Serialization;
using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// RFC 7591 §3.2.1: the client id, when it was issued, and the registered metadata echoed back (second seed); with
/// RFC 7592 §3 the client configuration endpoint and its access token (a client broke without them: twentyhq/twenty#19858).
/// </summary>
internal sealed record ClientRegistrationResponse
{
    /// <summary>The response for a stored registration; the secrets are those just issued or presented, never read from storage.</summary>
    public static ClientRegistrationResponse For(OAuthClientRecord record, string? clientSecret, string registrationAccessToken, string registrationClientUri)
    {
        ArgumentNullException.ThrowIfNull(record);
        var confidential = record.TokenEndpointAuthMethod != OAuthConstants.ClientAuthenticationMethods.None;
        return new ClientRegistrationResponse
        {
            ClientId = record.ClientId,
            ClientIdIssuedAt = record.CreatedAt.ToUnixTimeSeconds(),
            ClientSecret = clientSecret,
            ClientSecretExpiresAt = confidential ? 0 : null,
            ClientName = record.ClientName,
            RedirectUris = record.RedirectUris,
            GrantTypes = record.GrantTypes,
            ResponseTypes = record.ResponseTypes,
            TokenEndpointAuthMethod = record.TokenEndpointAuthMethod,
            Scope = record.Scope,
            ApplicationType = record.ApplicationType,
            ClientUri = record.ClientUri,
            LogoUri = record.LogoUri,
            RegistrationAccessToken = registrationAccessToken,
            RegistrationClientUri = registrationClientUri,
        };
    }

    /// <summary>RFC 7592 §3: the bearer token for the client configuration endpoint (stored here only as its SHA-256).</summary>
    [JsonPropertyName("registration_access_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RegistrationAccessToken { get; init; }

    /// <summary>RFC 7592 §3: the client configuration endpoint of this registration.</summary>
    [JsonPropertyName("registration_client_uri")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RegistrationClientUri { get; init; }

    [JsonPropertyName("client_id")]
    public required string ClientId { get; init; }

    [JsonPropertyName("client_id_issued_at")]
    public required long ClientIdIssuedAt { get; init; }

    [JsonPropertyName("client_secret")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    /// <summary>RFC 7591 §3.2.1: required with a secret; 0 = does not expire (the registration itself expires when unused).</summary>
    [JsonPropertyName("client_secret_expires_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ClientSecretExpiresAt { get; init; }

    [JsonPropertyName("client_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientName { get; init; }

    [JsonPropertyName("redirect_uris")]
    public required IReadOnlyList<string> RedirectUris { get; init; }

    [JsonPropertyName("grant_types")]
    public required IReadOnlyList<string> GrantTypes { get; init; }

    [JsonPropertyName("response_types")]
    public required IReadOnlyList<string> ResponseTypes { get; init; }

    [JsonPropertyName("token_endpoint_auth_method")]
    public required string TokenEndpointAuthMethod { get; init; }

    [JsonPropertyName("scope")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }

    [JsonPropertyName("application_type")]
    public required string ApplicationType { get; init; }

    [JsonPropertyName("client_uri")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientUri { get; init; }

    [JsonPropertyName("logo_uri")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LogoUri { get; init; }
}
