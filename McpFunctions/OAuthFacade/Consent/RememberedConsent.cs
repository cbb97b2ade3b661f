using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Consent;

/// <summary>
/// Consent this browser gave, kept in a protected cookie: one entry per client, redirect URI, resource and
/// scope set, so a different client (or the same client id with another redirect URI or more scopes) asks again.
/// </summary>
internal sealed record RememberedConsent
{
    [JsonPropertyName("e")]
    public IReadOnlyList<RememberedConsentEntry> Entries { get; init; } = [];
}
