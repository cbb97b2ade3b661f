namespace McpFunctions.Hosting;

/// <summary>
/// Where clients reach this app. Set by the composition root from the operator's setting (<c>Mcp:PublicBaseUrl</c>),
/// so the ground floor reads no feature's options.
/// </summary>
internal sealed class PublicUrlOptions
{
    /// <summary>
    /// The public base URL (scheme and host, no path), e.g. <c>https://my-app.azurewebsites.net</c>; null or empty means
    /// "derive it" (<c>WEBSITE_HOSTNAME</c>, else the listening address).
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
