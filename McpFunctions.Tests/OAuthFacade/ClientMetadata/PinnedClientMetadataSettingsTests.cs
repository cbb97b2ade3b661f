using System.Net;
using System.Text.Json;
using McpFunctions.OAuthFacade;
using McpFunctions.OAuthFacade.ClientMetadata;
using McpFunctions.OAuthFacade.Endpoints;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.ClientMetadata;

/// <summary>
/// The settings around metadata documents Claude depends on: removing a pinned copy, refusing a pinned copy that would
/// not pass as a fetched document, not advertising metadata documents (Claude then registers dynamically), and the
/// grants a published document lists that this server does not issue.
/// </summary>
public sealed class PinnedClientMetadataSettingsTests
{
    [Fact]
    public void Unpinned_RemovesABuiltInCopy_AndKeepsTheOther()
    {
        var options = new ClientMetadataDocumentOptions { Unpinned = [PinnedClientMetadataDefaults.ClaudeCodeClientId] };

        var documents = PinnedClientMetadataDocuments.Build(options, out var problems);

        Assert.Empty(problems);
        Assert.False(documents.ContainsKey(PinnedClientMetadataDefaults.ClaudeCodeClientId));
        Assert.True(documents.ContainsKey(PinnedClientMetadataDefaults.ClaudeClientId));
    }

    [Fact]
    public void ConfiguredCopy_ReplacesTheBuiltInOneWithTheSameClientId()
    {
        var options = new ClientMetadataDocumentOptions
        {
            Pinned = [new() { ClientId = PinnedClientMetadataDefaults.ClaudeClientId, ClientName = "Claude (replaced)", RedirectUris = ["https://claude.com/api/mcp/auth_callback"] }],
        };

        var documents = PinnedClientMetadataDocuments.Build(options, out var problems);

        Assert.Empty(problems);
        Assert.Equal(["https://claude.com/api/mcp/auth_callback"], documents[PinnedClientMetadataDefaults.ClaudeClientId].RedirectUris);
    }

    [Theory]
    [InlineData(null, "https://a.example/cb", "none", "needs a ClientId")]
    [InlineData("http://client.example/doc.json", "https://a.example/cb", "none", "needs a ClientId")]
    [InlineData("https://client.example/doc.json", null, "none", "redirect URIs")]
    [InlineData("https://client.example/doc.json", "https://a.example/cb", "client_secret_basic", "must be \"none\"")]
    public async Task UnacceptablePinnedCopy_FailsStartUp_SayingWhichAndWhy(string? clientId, string? redirect, string authMethod, string reason)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Facade:ClientMetadataDocuments:Pinned:0:ClientId"] = clientId,
            ["Facade:ClientMetadataDocuments:Pinned:0:ClientName"] = "Bad",
            ["Facade:ClientMetadataDocuments:Pinned:0:RedirectUris:0"] = redirect,
            ["Facade:ClientMetadataDocuments:Pinned:0:TokenEndpointAuthMethod"] = authMethod,
        };

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var env = await FacadeEnvironment.StartOidcAsync(settings);
        });

        Assert.Contains("Facade:ClientMetadataDocuments:Pinned", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdvertiseFalse_StopsAdvertisingMetadataDocuments_ButKeepsNoneAndRegistration()
    {
        await using var env = await FacadeEnvironment.StartOidcAsync(new Dictionary<string, string?> { ["Facade:ClientMetadataDocuments:Advertise"] = "false" });

        using var response = await env.App.Client.GetAsync("/.well-known/oauth-authorization-server");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("client_id_metadata_document_supported").GetBoolean());
        Assert.Contains("none", body.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.EndsWith("/register", body.GetProperty("registration_endpoint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedDocumentListingAGrantNotIssuedHere_IsAccepted_WithoutThatGrant()
    {
        var document = new ClientMetadataDocument
        {
            ClientId = PinnedClientMetadataDefaults.ClaudeClientId,
            RedirectUris = ["https://claude.ai/api/mcp/auth_callback"],
            GrantTypes = ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer"],
            TokenEndpointAuthMethod = "none",
        };

        var asDocument = ClientMetadataRules.Validate(document, policy: null, metadataDocument: true, out var documentError);
        var asRegistration = ClientMetadataRules.Validate(document, policy: null, metadataDocument: false, out var registrationError);

        Assert.Null(documentError);
        Assert.Equal(["authorization_code", "refresh_token"], asDocument!.GrantTypes);
        Assert.Null(asRegistration);
        Assert.Equal(OAuthConstants.Errors.InvalidClientMetadata, registrationError!.Error);
    }
}
