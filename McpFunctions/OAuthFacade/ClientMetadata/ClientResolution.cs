using McpFunctions.OAuthFacade.Stores;

namespace McpFunctions.OAuthFacade.ClientMetadata;

/// <summary>A client id resolved to its record, or the reason it is not a client here (for the operator's log and the error page).</summary>
internal sealed record ClientResolution(OAuthClientRecord? Client, string? Problem)
{
    public static ClientResolution Found(OAuthClientRecord client) => new(client, null);

    public static ClientResolution NotFound(string problem) => new(null, problem);
}
