using System.Text.Json;

namespace McpFunctions.OAuthFacade.Upstream;

/// <summary>Reads a string member of a provider's JSON answer; any other type counts as absent.</summary>
internal static class JsonText
{
    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
