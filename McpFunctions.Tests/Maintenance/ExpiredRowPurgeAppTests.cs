using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Maintenance;

/// <summary>
/// The purge as Azure runs it: the published worker's timer function, fired through the local Functions host's admin
/// call (<c>POST /admin/functions/ExpiredRowPurge</c>, as the real host's admin API does), against a real Azurite. The
/// purge without Table Storage is pinned by <c>WorkerContractTests.PurgeTimer_RunsOnTheAdminCall_AndSaysWhyItIsOff_WithoutTableStorage</c>.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ExpiredRowPurgeAppTests(AzuriteFixture azurite, WorkerHosts hosts) : IClassFixture<WorkerHosts>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task App_WithTableStorage_PurgesExpiredSessions_AndKeepsServingNewOnes()
    {
        // Arrange
        var sessionTable = AzuriteFixture.UniqueTableName("Sessions");
        var table = azurite.CreateServiceClient().GetTableClient(sessionTable);
        await table.AddEntityAsync(new TableEntity("expired-session", SessionRows.SessionRowKey) { [SessionRows.ExpiresAtProperty] = DateTimeOffset.UtcNow.AddHours(-1) }, CancellationToken.None);

        await using var app = await hosts.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Sessions__TableName"] = sessionTable,
            ["Maintenance__LeaseTableName"] = AzuriteFixture.UniqueTableName("Lease"),
        });
        using var initialize = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"""));
        var expiredStillThere = await table.GetEntityAsync("expired-session", SessionRows.SessionRowKey, CancellationToken.None) is not null;

        // Act
        using var fired = await app.Client.PostAsync("admin/functions/ExpiredRowPurge", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var purged = await WaitUntilAsync(async () => await table.GetEntityAsync("expired-session", SessionRows.SessionRowKey, CancellationToken.None) is null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, initialize.StatusCode);
        Assert.True(expiredStillThere, "nothing but the timer may purge: the row was gone before the admin call");
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        Assert.True(purged, $"the expired session row was not purged within {Deadline.TotalSeconds} s\n{app.AllOutput}");
        await app.WaitForLogAsync("Expired-row purge finished:");
        var sessionId = Assert.Single(initialize.Headers.GetValues("Mcp-Session-Id"));
        Assert.NotNull(await table.GetEntityAsync(sessionId, SessionRows.SessionRowKey, CancellationToken.None));
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < Deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
