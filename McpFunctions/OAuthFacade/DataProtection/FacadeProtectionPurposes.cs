namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>
/// What the façade protects with the shared data-protection keys. Each purpose is its own key derivation
/// (ASP.NET Core Data Protection purpose strings), so a value protected for one use cannot be replayed as another —
/// a consent cookie is never accepted as a <c>state</c>, an upstream verifier never as a refresh token.
/// </summary>
internal static class FacadeProtectionPurposes
{
    /// <summary>The façade's own PKCE verifier for the upstream IdP, kept in the pending authorization.</summary>
    public const string UpstreamPkce = "upstream-pkce";

    /// <summary>The upstream refresh token, kept with the code and the grant when configured.</summary>
    public const string UpstreamRefreshToken = "upstream-refresh-token";

    /// <summary>The last refresh-token rotation response, replayed to a concurrent refresh within the grace period.</summary>
    public const string RotationResponse = "rotation-response";

    /// <summary>The remembered-consent cookie.</summary>
    public const string ConsentCookie = "consent-cookie";

    /// <summary>Values carried through the browser in <c>state</c> or a form (e.g. the consent form's CSRF token).</summary>
    public const string State = "state";

    /// <summary>Private keys of generated token-signing keys (<c>OAuthSigningKeys</c>).</summary>
    public const string SigningKey = "signing-key";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        UpstreamPkce, UpstreamRefreshToken, RotationResponse, ConsentCookie, State, SigningKey,
    };
}
