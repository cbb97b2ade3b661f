namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Left by <see cref="FacadeEndpointsExtensions.AddOAuthFacade"/>: whether the façade is on, and whether its endpoints were mapped.</summary>
internal sealed class FacadeEndpointsMarker(bool enabled)
{
    private int _mapped;

    public bool Enabled { get; } = enabled;

    /// <summary>True the first time only, so mapping twice does not register every route twice.</summary>
    public bool TryClaimMapping() => Interlocked.Exchange(ref _mapped, 1) == 0;
}
