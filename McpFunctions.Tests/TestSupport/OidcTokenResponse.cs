using System.Text.Json.Serialization;

namespace McpFunctions.Tests.TestSupport;

/// <summary>An RFC 6749 §5.1 token response.</summary>
public sealed record OidcTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken);
