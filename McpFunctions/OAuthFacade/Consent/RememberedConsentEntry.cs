using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Consent;

/// <summary>One remembered consent: valid only for exactly this client, redirect URI, resource and scope set.</summary>
internal sealed record RememberedConsentEntry
{
    [JsonPropertyName("cid")]
    public required string ClientId { get; init; }

    [JsonPropertyName("ru")]
    public required string RedirectUri { get; init; }

    [JsonPropertyName("sc")]
    public required IReadOnlyList<string> Scopes { get; init; }

    [JsonPropertyName("rs")]
    public required string Resource { get; init; }

    [JsonPropertyName("exp")]
    public required long ExpiresAt { get; init; }
}
