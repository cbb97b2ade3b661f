using System.Text.Json.Serialization;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>
/// The development upstream's "authorization code": who the developer said they are, bound to the nonce and
/// PKCE challenge of the façade's request, protected and short-lived. The pending authorization's single-use
/// <c>state</c> makes it single-use too.
/// </summary>
internal sealed record DevelopmentUpstreamCode
{
    [JsonPropertyName("dev_sub")]
    public required string Subject { get; init; }

    [JsonPropertyName("dev_name")]
    public required string Name { get; init; }

    [JsonPropertyName("dev_nonce")]
    public required string Nonce { get; init; }

    [JsonPropertyName("dev_cc")]
    public required string CodeChallenge { get; init; }
}
