namespace McpDoctor.Http;

/// <summary>The access token for the MCP endpoint (from --token or --login); read only by <see cref="EndpointOnlyAuthorizationHandler"/>.</summary>
internal sealed class TokenHolder
{
    public string? AccessToken { get; set; }
}
