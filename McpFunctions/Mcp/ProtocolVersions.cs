namespace McpFunctions.Mcp;

/// <summary>
/// The protocol revisions this endpoint speaks. Legacy revisions use the initialize handshake and
/// sessions (DESIGN.md §2); the negotiation rule is MCP basic/lifecycle "Version Negotiation".
/// </summary>
internal static class ProtocolVersions
{
    public const string V2024_11_05 = "2024-11-05";
    public const string V2025_03_26 = "2025-03-26";
    public const string V2025_06_18 = "2025-06-18";
    public const string V2025_11_25 = "2025-11-25";
    public const string V2026_07_28 = "2026-07-28";

    /// <summary>The first revision served statelessly with per-request metadata (2026-07-28 basic/versioning).</summary>
    public const string FirstModern = V2026_07_28;

    /// <summary>Modern revisions this endpoint serves; what <c>server/discover</c> lists as <c>supportedVersions</c>.</summary>
    public static readonly IReadOnlyList<string> Modern = [V2026_07_28];

    /// <summary>The newest legacy revision: what initialize answers when the client's is unknown.</summary>
    public const string LatestLegacy = V2025_11_25;

    /// <summary>Revisions a session may run on, newest first.</summary>
    public static readonly IReadOnlyList<string> Legacy = [V2025_11_25, V2025_06_18, V2025_03_26];

    /// <summary>Initialize also accepts 2024-11-05 clients (they use the same handshake).</summary>
    public static readonly IReadOnlyList<string> AcceptedOnInitialize = [V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05];

    public static bool IsModernSupported(string version) => Modern.Contains(version, StringComparer.Ordinal);

    /// <summary>
    /// A header value at or after the first modern revision selects modern semantics, even when this server does not
    /// support it (versions are dates, so ordinal order is chronological); it is then refused as unsupported.
    /// </summary>
    public static bool LooksModern(string? version) => version is not null && string.CompareOrdinal(version, FirstModern) >= 0;

    /// <summary>The newest revision this endpoint knows of; a later date is "newer", not garbage.</summary>
    public const string LatestKnown = V2026_07_28;

    /// <summary>
    /// A version this endpoint knows, or a well-formed revision date after all of them: what a tolerant reader may
    /// serve on more specific evidence. Anything else (not a date, or an unknown older date) is not a protocol version.
    /// </summary>
    public static bool IsKnownOrNewer(string? version) =>
        version is not null
        && (IsLegacy(version) || IsModernSupported(version) || (IsRevisionDate(version) && string.CompareOrdinal(version, LatestKnown) > 0));

    /// <summary>MCP revisions are named by date, <c>YYYY-MM-DD</c> (basic/versioning).</summary>
    public static bool IsRevisionDate(string version) =>
        version.Length == 10 && version[4] == '-' && version[7] == '-'
        && DateOnly.TryParseExact(version, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    public static bool IsLegacy(string version) => AcceptedOnInitialize.Contains(version, StringComparer.Ordinal);

    /// <summary>The client's version when supported, else the newest legacy one (the client then decides).</summary>
    public static string Negotiate(string? requested) =>
        requested is not null && IsLegacy(requested) ? requested : LatestLegacy;

    /// <summary>JSON-RPC batching was removed in 2025-06-18; only 2025-03-26 sessions may batch.</summary>
    public static bool AllowsBatching(string version) => version is V2025_03_26 or V2024_11_05;
}
