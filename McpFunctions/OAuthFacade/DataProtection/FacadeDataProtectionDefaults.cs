namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>Fixed values of the façade's data protection (not settings).</summary>
internal static class FacadeDataProtectionDefaults
{
    /// <summary>
    /// The Data Protection application name. Fixed, so every instance — whatever its content root or host —
    /// derives the same keys from the shared ring (by default the name comes from the content root path).
    /// </summary>
    public const string ApplicationName = "McpFunctions";

    /// <summary>The root purpose under which every <see cref="FacadeProtectionPurposes"/> value is derived.</summary>
    public const string RootPurpose = "McpFunctions.OAuthFacade";

    /// <summary>The purpose suffix of values that carry their own expiry (<see cref="FacadeProtector.ProtectUntil"/>).</summary>
    public const string ExpiringPurpose = "expiring-v1";
}
