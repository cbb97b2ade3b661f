using System.Net;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.ClientMetadata;

/// <summary>Caching on a manual clock: max-age clamped to at least 5 minutes, refreshed when stale, stale-if-error only for transient failures.</summary>
public sealed class ClientMetadataDocumentCacheTests : IAsyncLifetime
{
    private const string RedirectUri = "http://127.0.0.1:45678/callback";
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ClientMetadataDocumentServer? _documents;
    private FacadeEnvironment? _env;

    private ClientMetadataDocumentServer Documents => _documents!;

    private FacadeEnvironment Env => _env!;

    public async Task InitializeAsync()
    {
        _documents = await ClientMetadataDocumentServer.StartAsync();
        _env = await FacadeEnvironment.StartDevelopmentAsync(
            new Dictionary<string, string?> { ["Facade:ClientMetadataDocuments:AllowLoopbackHostsForTesting"] = "true" },
            services => services.AddSingleton<TimeProvider>(_clock));
    }

    public async Task DisposeAsync()
    {
        await Env.DisposeAsync();
        await Documents.DisposeAsync();
    }

    [Fact]
    public async Task Document_IsRefetchedOnlyAfterItsClampedMaxAge()
    {
        // max-age=10 is below the 5-minute floor.
        var clientId = Documents.ServeValid("/short.json", RedirectUri, cacheControl: "max-age=10");

        await AuthorizeAsync(clientId);
        _clock.Advance(TimeSpan.FromMinutes(4));
        await AuthorizeAsync(clientId);
        Assert.Equal(1, Documents.Requests("/short.json"));

        _clock.Advance(TimeSpan.FromMinutes(2));
        await AuthorizeAsync(clientId);
        Assert.Equal(2, Documents.Requests("/short.json"));
    }

    [Fact]
    public async Task Document_HostDown_ServesTheStaleCopy()
    {
        var clientId = Documents.ServeValid("/flaky.json", RedirectUri, cacheControl: "max-age=300");
        Assert.Equal(HttpStatusCode.OK, await AuthorizeAsync(clientId));

        Documents.Serve("/flaky.json", new DocumentResponse(Status: 503));
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.OK, await AuthorizeAsync(clientId));
        Assert.Equal(2, Documents.Requests("/flaky.json"));
        Assert.Contains("using the cached copy", Env.App.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_ThatBecameInvalid_IsNotReplacedByTheStaleCopy()
    {
        var clientId = Documents.ServeValid("/changed.json", RedirectUri, cacheControl: "max-age=300");
        Assert.Equal(HttpStatusCode.OK, await AuthorizeAsync(clientId));

        Documents.Serve("/changed.json", new DocumentResponse(Body: ClientMetadataDocumentServer.Document("https://client.example/someone-else.json", RedirectUri)));
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.BadRequest, await AuthorizeAsync(clientId));
    }

    private async Task<HttpStatusCode> AuthorizeAsync(string clientId)
    {
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var response = await Env.App.Client.GetAsync(new OAuthTestClient(Env.App).AuthorizeUrl(clientId, RedirectUri, challenge));
        return response.StatusCode;
    }
}
