using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.OAuthFacade.EndToEnd;

/// <summary>
/// The façade on Table Storage (Azurite) with two instances of one deployment sharing its tables and its
/// data-protection key ring, as Flex Consumption runs it: any instance may serve any step.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableStorageFlowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Flow_StartedOnOneInstance_IsRedeemedAndRefreshedOnAnother()
    {
        await using var env = await StartAsync();
        var second = await env.StartAnotherInstanceAsync();
        Assert.IsType<TableExpiringRecordSet<GrantRecord>>(Assert.IsType<GrantStore>(env.App.Services.GetRequiredService<IGrantStore>()).Records);
        var first = new OAuthTestClient(env.App);
        var other = new OAuthTestClient(second);
        var clientId = await first.RegisterPublicClientAsync();
        var (verifier, challenge) = OAuthTestClient.NewPkce();
        using var browser = new FacadeBrowser();
        var code = OAuthTestClient.Query(await browser.RunAsync(first.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge), OAuthTestClient.ClaudeCallback))["code"];

        var (status, tokens, _) = await other.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, verifier);
        Assert.Equal(200, status);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal(200, await first.McpToolsListStatusAsync(tokens.GetProperty("access_token").GetString()!));

        // Claude refreshing from two places at once, here on two instances: both get the same new pair.
        var refreshed = await Task.WhenAll(first.RefreshAsync(clientId, refreshToken), other.RefreshAsync(clientId, refreshToken));
        Assert.All(refreshed, r => Assert.Equal(200, r.Status));
        Assert.Equal(refreshed[0].Body.GetProperty("refresh_token").GetString(), refreshed[1].Body.GetProperty("refresh_token").GetString());
        Assert.Equal(200, await other.McpToolsListStatusAsync(refreshed[1].Body.GetProperty("access_token").GetString()!));

        // A replayed code on the first instance revokes what the second issued.
        var (replay, _, _) = await first.RedeemAsync(clientId, code, OAuthTestClient.ClaudeCallback, verifier);
        Assert.Equal(400, replay);
        Assert.Equal(400, (await other.RefreshAsync(clientId, refreshed[0].Body.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Fact]
    public async Task MetadataDocumentClient_WithAUrlClientId_IsCachedInTableStorage()
    {
        await using var documents = await ClientMetadata.ClientMetadataDocumentServer.StartAsync();
        const string redirect = "http://127.0.0.1:45679/callback";
        var clientId = documents.ServeValid("/table/client.json", redirect);
        await using var env = await StartAsync(new Dictionary<string, string?> { ["Facade:ClientMetadataDocuments:AllowLoopbackHostsForTesting"] = "true" });
        var second = await env.StartAnotherInstanceAsync();

        var outcome = await new OAuthTestClient(env.App).AuthorizeAndRedeemAsync(clientId, redirect);
        var (status, _, _) = await new OAuthTestClient(second).RefreshAsync(clientId, outcome.RefreshToken);

        Assert.Equal(200, status);
        Assert.Equal(1, documents.Requests("/table/client.json"));
    }

    private Task<FacadeEnvironment> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Sessions:TableName"] = AzuriteFixture.UniqueTableName("Sessions"),
            ["Facade:Storage:ClientsTableName"] = AzuriteFixture.UniqueTableName("Clients"),
            ["Facade:Storage:PendingAuthorizationsTableName"] = AzuriteFixture.UniqueTableName("Pending"),
            ["Facade:Storage:CodesTableName"] = AzuriteFixture.UniqueTableName("Codes"),
            ["Facade:Storage:GrantsTableName"] = AzuriteFixture.UniqueTableName("Grants"),
            ["Facade:Storage:SigningKeysTableName"] = AzuriteFixture.UniqueTableName("Keys"),
            ["Facade:Storage:DataProtectionKeysTableName"] = AzuriteFixture.UniqueTableName("DpKeys"),
            ["Facade:RegistrationsPerMinute"] = "100",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return FacadeEnvironment.StartOidcAsync(settings);
    }
}
