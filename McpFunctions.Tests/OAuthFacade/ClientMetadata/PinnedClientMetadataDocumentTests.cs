using System.Net;
using System.Text.Json;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.OAuthFacade.ClientMetadata;

/// <summary>
/// Metadata documents that cannot be fetched (anthropics/claude-ai-mcp#650, anthropics/claude-code#84263: Anthropic's
/// answer 403 to some cloud egress addresses): a pinned copy stands in only when no document arrives, bounds redirect
/// URIs exactly as the fetched one would, and operators add and remove pinned copies in configuration.
/// </summary>
public sealed class PinnedClientMetadataDocumentTests : IAsyncLifetime
{
    private const string RedirectUri = "http://127.0.0.1:45690/callback";
    private ClientMetadataDocumentServer? _documents;
    private FacadeEnvironment? _env;

    private ClientMetadataDocumentServer Documents => _documents!;

    private FacadeEnvironment Env => _env!;

    private OAuthTestClient Client => new(Env.App);

    public async Task InitializeAsync()
    {
        _documents = await ClientMetadataDocumentServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Facade:ClientMetadataDocuments:AllowLoopbackHostsForTesting"] = "true",
            ["Facade:ClientMetadataDocuments:Timeout"] = "00:00:01",
        };
        var index = 0;
        foreach (var path in new[] { "/live.json", "/forbidden.json", "/slow.json", "/gone.json", "/wrong.json", "/redirect.json" })
        {
            settings[$"Facade:ClientMetadataDocuments:Pinned:{index}:ClientId"] = Documents.ClientIdFor(path);
            settings[$"Facade:ClientMetadataDocuments:Pinned:{index}:ClientName"] = "Pinned Copy";
            settings[$"Facade:ClientMetadataDocuments:Pinned:{index}:RedirectUris:0"] = RedirectUri;
            settings[$"Facade:ClientMetadataDocuments:Pinned:{index}:GrantTypes:0"] = "authorization_code";
            settings[$"Facade:ClientMetadataDocuments:Pinned:{index}:GrantTypes:1"] = "refresh_token";
            settings[$"Facade:ClientMetadataDocuments:Pinned:{index}:TokenEndpointAuthMethod"] = "none";
            index++;
        }

        _env = await FacadeEnvironment.StartOidcAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Env.DisposeAsync();
        await Documents.DisposeAsync();
    }

    [Fact]
    public async Task LiveDocumentThatAnswers_WinsOverThePinnedCopy()
    {
        var clientId = Documents.ServeValid("/live.json", RedirectUri, clientName: "Live Document");

        var html = await ConsentPageAsync(clientId, RedirectUri);

        Assert.Contains("Live Document", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Pinned Copy", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Env.App.Logs.Lines, l => l.EventId.Id == 5623);
    }

    [Theory]
    [InlineData("/forbidden.json", 403)]
    [InlineData("/gone.json", 404)]
    [InlineData("/redirect.json", 302)]
    [InlineData("/slow.json", 0)]
    public async Task DocumentThatCannotBeFetched_UsesThePinnedCopy_AndTheClientGetsTokens(string path, int status)
    {
        var clientId = Documents.ClientIdFor(path);
        Documents.Serve(path, status == 0
            ? new DocumentResponse(Body: ClientMetadataDocumentServer.Document(clientId, RedirectUri), Delay: TimeSpan.FromSeconds(5))
            : new DocumentResponse(Status: status, Body: "<html>challenge</html>", Location: status == 302 ? "https://example.com/" : null));

        var html = await ConsentPageAsync(clientId, RedirectUri);
        var outcome = await Client.AuthorizeAndRedeemAsync(clientId, RedirectUri);

        Assert.Contains("Pinned Copy", html, StringComparison.Ordinal);
        Assert.Equal(200, await Client.McpToolsListStatusAsync(outcome.AccessToken));
        var logged = Assert.Single(Env.App.Logs.Lines.Where(l => l.EventId.Id == 5623).Select(l => l.Message).Distinct());
        Assert.Contains(clientId, logged, StringComparison.Ordinal);
    }

    // A loopback redirect URI on another port is accepted, for a pinned copy as for a fetched document (RFC 8252 §7.3).
    [Theory]
    [InlineData("http://127.0.0.1:45690/other")]
    [InlineData("http://localhost:45690/callback")]
    [InlineData("https://attacker.example/callback")]
    public async Task PinnedCopy_BoundsRedirectUris_ExactlyAsAFetchedDocument(string redirect)
    {
        var clientId = Documents.ClientIdFor("/forbidden.json");
        Documents.Serve("/forbidden.json", new DocumentResponse(Status: 403));
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(clientId, redirect, challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task LiveDocumentThatAnswersButIsWrong_IsRefused_NotReplacedByThePinnedCopy()
    {
        Documents.Serve("/wrong.json", new DocumentResponse(Body: ClientMetadataDocumentServer.Document("https://client.example/other.json", RedirectUri)));
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(Documents.ClientIdFor("/wrong.json"), RedirectUri, challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not known to this server", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Env.App.Logs.Lines, l => l.EventId.Id == 5623);
    }

    // Row 8 of the client-compatibility table, replayed: these test machines cannot fetch claude.ai (no egress, or a
    // challenge), so this is the pinned copy at work; where the live document does answer, it is used instead and the
    // outcome for the user is the same consent page.
    [Theory]
    [InlineData("https://claude.ai/oauth/mcp-oauth-client-metadata", "https://claude.ai/api/mcp/auth_callback", "Claude")]
    [InlineData("https://claude.ai/oauth/claude-code-client-metadata", "http://localhost:53172/callback", "Claude Code")]
    public async Task ClaudeClient_WhoseMetadataDocumentCannotBeFetched_StillReachesConsent(string clientId, string redirect, string name)
    {
        var html = await ConsentPageAsync(clientId, redirect);

        Assert.Contains(name, html, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInPinnedCopies_AreAnthropicsTwoDocuments_PlusTheConfiguredOnes()
    {
        var pinned = Env.App.Services.GetService(typeof(McpFunctions.OAuthFacade.ClientMetadata.PinnedClientMetadataDocuments)) as McpFunctions.OAuthFacade.ClientMetadata.PinnedClientMetadataDocuments;

        Assert.NotNull(pinned);
        Assert.True(pinned.TryGet("https://claude.ai/oauth/mcp-oauth-client-metadata", out var claude));
        Assert.Equal(["https://claude.ai/api/mcp/auth_callback"], claude.RedirectUris);
        Assert.Equal(["authorization_code", "refresh_token"], claude.GrantTypes);
        Assert.Equal("none", claude.TokenEndpointAuthMethod);
        Assert.True(pinned.TryGet("https://claude.ai/oauth/claude-code-client-metadata", out var claudeCode));
        Assert.Equal(["http://localhost/callback", "http://127.0.0.1/callback"], claudeCode.RedirectUris);
        Assert.Equal(8, pinned.ClientIds.Count);
    }

    [Fact]
    public async Task AuthorizationServerMetadata_AdvertisesMetadataDocuments_AndThePublicClientMethod()
    {
        using var response = await Env.App.Client.GetAsync("/.well-known/oauth-authorization-server");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("client_id_metadata_document_supported").GetBoolean());
        Assert.Contains("none", body.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(m => m.GetString()));
    }

    private async Task<string> ConsentPageAsync(string clientId, string redirectUri)
    {
        var (_, challenge) = OAuthTestClient.NewPkce();
        using var response = await Env.App.Client.GetAsync(Client.AuthorizeUrl(clientId, redirectUri, challenge));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"authorize answered {(int)response.StatusCode}: {html}");
        return html;
    }
}
