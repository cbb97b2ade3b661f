using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Consent;

/// <summary>
/// A validated authorization request waiting for the user's decision, carried in the consent form as a
/// protected (encrypted and authenticated) value, so the POST cannot change what was shown. It names the
/// browser's anti-forgery cookie value, which binds it to the browser that saw the page: a ticket copied by
/// someone else is useless without that cookie (MCP security best practices, "Confused Deputy": CSRF on consent).
/// </summary>
internal sealed record ConsentTicket
{
    [JsonPropertyName("cid")]
    public required string ClientId { get; init; }

    [JsonPropertyName("ru")]
    public required string RedirectUri { get; init; }

    [JsonPropertyName("st")]
    public string? State { get; init; }

    [JsonPropertyName("cc")]
    public required string CodeChallenge { get; init; }

    [JsonPropertyName("sc")]
    public required IReadOnlyList<string> Scopes { get; init; }

    [JsonPropertyName("rs")]
    public required string Resource { get; init; }

    [JsonPropertyName("af")]
    public required string AntiForgery { get; init; }

    [JsonPropertyName("exp")]
    public required long ExpiresAt { get; init; }
}
