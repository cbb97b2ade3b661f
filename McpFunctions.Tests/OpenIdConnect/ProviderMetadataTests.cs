using McpFunctions.OpenIdConnect;
using McpFunctions.Tests.ResourceServer.TokenValidation;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpFunctions.Tests.OpenIdConnect;

/// <summary>
/// One provider's metadata and JWKS over real HTTP (<see cref="TestAuthorizationServer"/> on loopback): a key
/// rollover reloads them once for every caller waiting at that moment, and not again within the interval.
/// </summary>
public sealed class ProviderMetadataTests : IAsyncLifetime, IDisposable
{
    private const string ClientName = "provider-metadata-test";

    private readonly ManualTimeProvider _clock = new();
    private readonly TestSigningKey _first = new("key-1");
    private readonly TestSigningKey _second = new("key-2");
    private readonly TestSigningKey _third = new("key-3");
    private TestAuthorizationServer _server = null!;
    private ServiceProvider _services = null!;
    private int _reloadCallbacks;

    public async Task InitializeAsync()
    {
        _server = await TestAuthorizationServer.StartAsync();
        _server.Publish(_first);
        var services = new ServiceCollection();
        services.AddBackchannelHttpClient(ClientName, _ => TimeSpan.FromSeconds(10));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _third.Dispose();
    }

    [Fact]
    public async Task ConcurrentCallersWithAnUnknownKid_ShareOneJwksFetch()
    {
        var metadata = Create();
        Assert.True(ProviderMetadata.HasKey(await metadata.GetAsync(CancellationToken.None), "key-1"));
        Assert.Equal(1, _server.Count(TestAuthorizationServer.JwksPath));

        // The provider rotates; the reload's JWKS request is held until every caller has asked.
        _server.Publish(_first, _second);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.JwksGate = release.Task;
        var callers = Enumerable.Range(0, 20).Select(_ => metadata.ReloadForUnknownKeyAsync(CancellationToken.None)).ToList();
        await WaitUntilAsync(() => _server.Count(TestAuthorizationServer.JwksPath) == 2);
        Assert.All(callers, caller => Assert.False(caller.IsCompleted));
        release.SetResult();
        var reloaded = await Task.WhenAll(callers);

        Assert.All(reloaded, configuration => Assert.True(ProviderMetadata.HasKey(configuration!, "key-2")));
        Assert.Single(reloaded.Distinct());
        Assert.Equal(2, _server.Count(TestAuthorizationServer.JwksPath));
        Assert.Equal(2, _server.Count(TestAuthorizationServer.DiscoveryPath));
        Assert.Equal(1, _reloadCallbacks);
        Assert.True(ProviderMetadata.HasKey(await metadata.GetAsync(CancellationToken.None), "key-2"));
    }

    [Fact]
    public async Task SecondReloadWithinTheInterval_IsThrottled_AndTheNextAfterItFetchesAgain()
    {
        var metadata = Create();
        _server.Publish(_first, _second);
        Assert.True(ProviderMetadata.HasKey((await metadata.ReloadForUnknownKeyAsync(CancellationToken.None))!, "key-2"));
        Assert.Equal(1, _server.Count(TestAuthorizationServer.JwksPath));

        _server.Publish(_first, _second, _third);
        _clock.Advance(OpenIdConnectDefaults.KeyReloadInterval - TimeSpan.FromSeconds(1));
        Assert.Null(await metadata.ReloadForUnknownKeyAsync(CancellationToken.None));
        Assert.Equal(1, _server.Count(TestAuthorizationServer.JwksPath));
        Assert.False(ProviderMetadata.HasKey(await metadata.GetAsync(CancellationToken.None), "key-3"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(ProviderMetadata.HasKey((await metadata.ReloadForUnknownKeyAsync(CancellationToken.None))!, "key-3"));
        Assert.Equal(2, _server.Count(TestAuthorizationServer.JwksPath));
        Assert.Equal(2, _reloadCallbacks);
    }

    [Fact]
    public async Task FailedReload_IsOneFetchForEveryWaitingCaller_AndEachGetsTheFailure()
    {
        var metadata = Create();
        _server.FailWithStatus = 404; // not 503: the document retriever retries that once by itself

        var callers = Enumerable.Range(0, 5).Select(_ => metadata.ReloadForUnknownKeyAsync(CancellationToken.None)).ToList();

        foreach (var caller in callers)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => caller);
            Assert.Contains(_server.Issuer + TestAuthorizationServer.DiscoveryPath, failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, _server.Count(TestAuthorizationServer.DiscoveryPath));
        Assert.Equal(0, _reloadCallbacks);
    }

    [Fact]
    public void MetadataAddresses_AreOidcDiscoveryThenRfc8414_ForAnIssuerWithAPath()
    {
        var addresses = ProviderMetadataRetriever.AddressesFor("https://login.example.test/tenant-1/v2.0/", null);

        Assert.Equal(
            ["https://login.example.test/tenant-1/v2.0/.well-known/openid-configuration", "https://login.example.test/.well-known/oauth-authorization-server/tenant-1/v2.0"],
            addresses);
        Assert.Equal(["https://idp.example.test/meta"], ProviderMetadataRetriever.AddressesFor("https://login.example.test/", "https://idp.example.test/meta"));
        Assert.Empty(ProviderMetadataRetriever.AddressesFor("not a url", null));
    }

    private ProviderMetadata Create() => new(
        new ProviderMetadataSource(
            MetadataAddresses: [_server.Issuer + TestAuthorizationServer.DiscoveryPath],
            ExpectedIssuer: _server.Issuer,
            IssuerSetting: "Test:Authority",
            RequireHttps: false,
            RequireHttpsSetting: "Test:RequireHttpsMetadata",
            ProviderName: "test provider",
            HttpClientName: ClientName),
        _services.GetRequiredService<IHttpClientFactory>(),
        _clock,
        (OpenIdConnectConfiguration _) => Interlocked.Increment(ref _reloadCallbacks));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the JWKS request");
            await Task.Delay(10);
        }
    }
}
