using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>
/// RFC 6749 §5.1, exactly as the second seed requires: <c>token_type</c> is <c>"Bearer"</c> and
/// <c>expires_in</c> an integer, or Claude stays stuck on "Configure".
/// </summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = OAuthConstants.TokenTypes.Bearer;

    [JsonPropertyName("expires_in")]
    public required long ExpiresIn { get; init; }

    /// <summary>Issued to clients that registered the <c>refresh_token</c> grant (Claude does; the second seed needs it).</summary>
    [JsonPropertyName("refresh_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("scope")]
    public required string Scope { get; init; }
}
