using System.Text.Json.Serialization;

namespace McpFunctions.Tests.TestSupport;

/// <summary>The parts of an RFC 7591 §3.2.1 registration response that tests use.</summary>
public sealed record OidcRegisteredClient(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
    [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod);
