namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>One façade in front of an Entra-like oidc-provider, shared by the tests of a class.</summary>
public sealed class OidcFacadeFixture : IAsyncLifetime
{
    private FacadeEnvironment? _environment;

    internal FacadeEnvironment Environment => _environment ?? throw new InvalidOperationException("Not started.");

    // Every test of the class registers from 127.0.0.1: the per-address limit has its own test.
    public async Task InitializeAsync() =>
        _environment = await FacadeEnvironment.StartOidcAsync(new Dictionary<string, string?> { ["Facade:RegistrationsPerMinute"] = "10000" });

    public async Task DisposeAsync()
    {
        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }
    }
}
