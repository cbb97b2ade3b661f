namespace McpFunctions.OAuthFacade.Tokens;

/// <summary>Fixed values of the façade's tokens and keys (not settings).</summary>
internal static class FacadeTokenDefaults
{
    /// <summary>RFC 9068 §2.1: the <c>typ</c> header of JWT access tokens; the resource server requires it (§4), so an ID token is never an access token.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>How long the key ring trusts its in-memory copy of the stored keys before reading them again.</summary>
    public static readonly TimeSpan KeyCacheDuration = TimeSpan.FromMinutes(1);

    /// <summary>A token naming an unknown <c>kid</c> (a key another instance just generated) reloads keys at most this often.</summary>
    public static readonly TimeSpan UnknownKeyReloadInterval = TimeSpan.FromSeconds(10);

    /// <summary>A generated key signs for this long, then the next generation takes over.</summary>
    public static readonly TimeSpan GeneratedKeySigningLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// Added to the access-token lifetime for how long a retired key stays published: tokens it signed just before
    /// retiring must verify until they expire, with clock skew to spare.
    /// </summary>
    public static readonly TimeSpan RetiredKeyMargin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the resource server trusts what it read about a grant: a revoked grant's access tokens stop working
    /// within this window, at the cost of one point read per grant per window.
    /// </summary>
    public static readonly TimeSpan GrantCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>Most grants whose status one instance remembers.</summary>
    public const int GrantCacheCapacity = 10_000;

    /// <summary>RSA keys shorter than this are refused (RFC 7518 §3.3 requires 2048 bits for RS256).</summary>
    public const int MinimumRsaKeySize = 2048;
}
