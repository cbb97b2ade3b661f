using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace McpFunctions.ResourceServer.TokenValidation;

/// <summary>Reads subject, scopes and client id the same way from JWT claims and from introspection or userinfo JSON.</summary>
internal static class TokenClaimReader
{
    private static readonly char[] ScopeSeparators = [' '];

    /// <summary>Scopes from <c>scope</c> (space-separated, RFC 9068 §2.2.3) and <c>scp</c> (a string or an array, Entra and Okta).</summary>
    public static IReadOnlySet<string> Scopes(IEnumerable<Claim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (claim.Type is TokenClaimNames.Scope or TokenClaimNames.Scp)
            {
                scopes.UnionWith(claim.Value.Split(ScopeSeparators, StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return scopes;
    }

    /// <summary>The client the token was issued to: <c>client_id</c> (RFC 9068), else <c>azp</c> (Auth0, Entra v2), else <c>appid</c> (Entra v1).</summary>
    public static string? ClientId(IEnumerable<Claim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var list = claims as IReadOnlyCollection<Claim> ?? [.. claims];
        return First(list, TokenClaimNames.ClientId) ?? First(list, TokenClaimNames.AuthorizedParty) ?? First(list, TokenClaimNames.AppId);
    }

    public static string? First(IEnumerable<Claim> claims, string type) =>
        claims.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal) && c.Value.Length > 0)?.Value;

    /// <summary>
    /// Top-level members of a JSON object as claims: strings, numbers and booleans as one claim each,
    /// arrays of those as one claim per element; nested objects are skipped (no one here reads them).
    /// </summary>
    public static List<Claim> FromJson(JsonElement root, string issuer)
    {
        var claims = new List<Claim>();
        foreach (var member in root.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in member.Value.EnumerateArray())
                {
                    AddScalar(claims, member.Name, item, issuer);
                }
            }
            else
            {
                AddScalar(claims, member.Name, member.Value, issuer);
            }
        }

        return claims;
    }

    /// <summary>A string member, or every string of an array member (RFC 7519 §4.1.3 allows both for <c>aud</c>).</summary>
    public static IReadOnlyList<string> StringOrArray(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
            _ => [],
        };
    }

    /// <summary>A NumericDate member (RFC 7519 §2), or null when absent or not a number.</summary>
    public static DateTimeOffset? NumericDate(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))
            : null;

    public static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static void AddScalar(List<Claim> claims, string name, JsonElement value, string issuer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                claims.Add(new Claim(name, value.GetString()!, ClaimValueTypes.String, issuer));
                break;
            case JsonValueKind.Number:
                claims.Add(new Claim(name, value.GetRawText(), value.TryGetInt64(out _) ? ClaimValueTypes.Integer64 : ClaimValueTypes.Double, issuer));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                claims.Add(new Claim(name, value.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant(), ClaimValueTypes.Boolean, issuer));
                break;
        }
    }
}
