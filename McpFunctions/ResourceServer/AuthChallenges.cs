namespace McpFunctions.ResourceServer;

/// <summary>
/// The resource server's rejections (RFC 6750 §3, RFC 9728 §5.1, MCP authorization "Authorization Server
/// Discovery" and "Scope Challenge Handling") as neutral <see cref="AuthChallenge"/> values.
/// </summary>
internal static class AuthChallenges
{
    /// <summary>401: no usable token. <paramref name="error"/> is null when none was sent (RFC 6750 §3.1).</summary>
    public static AuthChallenge Unauthorized(string metadataUrl, IEnumerable<string> scopes, string? error = null, string? description = null) =>
        new(AuthChallengeKind.Unauthorized, StatusCodes.Status401Unauthorized, Header(metadataUrl, scopes, error, description), description);

    /// <summary>403 <c>insufficient_scope</c> naming every scope the operation needs, so the client can step up.</summary>
    public static AuthChallenge InsufficientScope(string metadataUrl, IEnumerable<string> scopes)
    {
        var needed = scopes.ToList();
        var description = $"This operation needs the scope(s): {string.Join(' ', needed)}.";
        return new(AuthChallengeKind.InsufficientScope, StatusCodes.Status403Forbidden, Header(metadataUrl, needed, "insufficient_scope", description), description);
    }

    /// <summary>503 with <c>Retry-After</c>: validation could not run, so the client retries instead of signing in again.</summary>
    public static AuthChallenge Unavailable(int retryAfterSeconds) =>
        new(AuthChallengeKind.Unavailable, StatusCodes.Status503ServiceUnavailable, null, null, retryAfterSeconds);

    private static string Header(string metadataUrl, IEnumerable<string> scopes, string? error, string? description)
    {
        var parts = new List<string> { $"resource_metadata=\"{metadataUrl}\"" };
        var scope = string.Join(' ', scopes);
        if (scope.Length > 0)
        {
            parts.Add($"scope=\"{scope}\"");
        }

        if (error is not null)
        {
            parts.Add($"error=\"{error}\"");
        }

        if (description is not null)
        {
            // RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no quote or backslash).
            parts.Add($"error_description=\"{new string([.. description.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\')])}\"");
        }

        return "Bearer " + string.Join(", ", parts);
    }
}
