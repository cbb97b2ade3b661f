namespace McpFunctions.ResourceServer;

/// <summary>Authentication settings (configuration section <c>Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Default <see cref="AuthMode.Disabled"/>, which only starts in the Development environment.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Disabled;

    /// <summary>
    /// Lets <see cref="AuthMode.Disabled"/> start outside Development or under the Functions host. Anyone who
    /// can reach the endpoint can then call every tool; meant for throw-away test deployments only.
    /// </summary>
    public bool AllowDisabledOutsideDevelopment { get; set; }
}
