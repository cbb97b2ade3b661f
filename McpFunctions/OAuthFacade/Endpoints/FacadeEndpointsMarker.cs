namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Registered by <c>AddOAuthFacade</c> in every mode: whether the façade's endpoints serve requests.</summary>
internal sealed class FacadeEndpointsMarker(bool enabled)
{
    public bool Enabled { get; } = enabled;
}
