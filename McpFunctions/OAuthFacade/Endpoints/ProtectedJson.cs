using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpFunctions.OAuthFacade.DataProtection;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>JSON values through <see cref="FacadeProtector"/>: what the façade hands the browser or keeps encrypted.</summary>
internal static class ProtectedJson
{
    public static string Protect<T>(FacadeProtector protector, string purpose, T value, JsonTypeInfo<T> typeInfo, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return protector.ProtectUntil(purpose, JsonSerializer.Serialize(value, typeInfo), expiresAt);
    }

    /// <summary>The value, or null when it is absent, altered, expired, protected for another purpose or not of this shape.</summary>
    public static T? TryUnprotect<T>(FacadeProtector protector, string purpose, string? protectedValue, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(protector);
        if (!protector.TryUnprotectUnexpired(purpose, protectedValue, out var json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
