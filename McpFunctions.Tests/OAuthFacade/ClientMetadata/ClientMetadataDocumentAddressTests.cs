using System.Net;
using McpFunctions.Tests.OAuthFacade.EndToEnd;

namespace McpFunctions.Tests.OAuthFacade.ClientMetadata;

/// <summary>Without the test-only setting (the default) a loopback document host is refused like any private address.</summary>
public sealed class ClientMetadataDocumentAddressTests
{
    [Fact]
    public async Task Document_OnLoopback_IsRefused_WhenTheTestSettingIsOff()
    {
        await using var documents = await ClientMetadataDocumentServer.StartAsync();
        var clientId = documents.ServeValid("/client.json", "http://127.0.0.1:45678/callback");
        await using var env = await FacadeEnvironment.StartDevelopmentAsync();
        var (_, challenge) = OAuthTestClient.NewPkce();

        using var response = await env.App.Client.GetAsync(new OAuthTestClient(env.App).AuthorizeUrl(clientId, "http://127.0.0.1:45678/callback", challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(0, documents.Requests("/client.json"));
        Assert.Contains("127.0.0.1, which is not a public address", env.App.Logs.AllText, StringComparison.Ordinal);
    }
}
