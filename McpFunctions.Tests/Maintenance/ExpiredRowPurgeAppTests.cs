using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using McpFunctions.Maintenance;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Maintenance;

/// <summary>The purge inside the real app (composed as Program.cs does, plus <c>AddExpiredRowPurge</c>).</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ExpiredRowPurgeAppTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task App_WithoutTableStorage_StartsAndServes_WithThePurgeOff()
    {
        // Arrange + Act: Development start-up validates every registration.
        await using var app = await TestApp.StartAsync(configureServices: services => services.AddExpiredRowPurge());
        using var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/mcp"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await WaitUntilAsync(() => Task.FromResult(app.Logs.Lines.Any(line => line.EventId.Id == 4000))), app.Logs.AllText);
    }

    [Fact]
    public async Task App_WithTableStorage_PurgesExpiredSessions_AndKeepsServingNewOnes()
    {
        // Arrange
        var sessionTable = AzuriteFixture.UniqueTableName("Sessions");
        var table = azurite.CreateServiceClient().GetTableClient(sessionTable);
        await table.AddEntityAsync(new TableEntity("expired-session", SessionRows.SessionRowKey) { [SessionRows.ExpiresAtProperty] = DateTimeOffset.UtcNow.AddHours(-1) }, CancellationToken.None);

        // Act
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Sessions:TableName"] = sessionTable,
                ["Maintenance:LeaseTableName"] = AzuriteFixture.UniqueTableName("Lease"),
                ["Maintenance:InitialDelay"] = "00:00:00.100",
            },
            services => services.AddExpiredRowPurge());
        using var initialize = await app.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"""));
        var purged = await WaitUntilAsync(async () => await table.GetEntityAsync("expired-session", SessionRows.SessionRowKey, CancellationToken.None) is null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, initialize.StatusCode);
        Assert.True(purged, $"the expired session row was not purged within {Deadline.TotalSeconds} s\n{app.Logs.AllText}");
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
