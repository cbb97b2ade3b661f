using System.Diagnostics;
using Azure.Data.Tables;
using McpFunctions.Maintenance;
using McpFunctions.Sessions;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.Maintenance;

/// <summary>The background service as the app registers it: off without Table Storage, purging in the background with it.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ExpiredRowPurgeServiceTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly CapturedLogs _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Start_WithoutTableStorage_SaysPurgeIsOff_AndStops()
    {
        // Arrange
        await using var provider = Build(new());
        var service = provider.GetServices<IHostedService>().OfType<ExpiredRowPurgeService>().Single();

        // Act
        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(Deadline);

        // Assert
        Assert.Contains(_logs.Lines, line => line.EventId.Id == 4000 && line.Message.Contains("no Table Storage connection is configured", StringComparison.Ordinal));
        Assert.Null(provider.GetService<TableStorage>());
    }

    [Fact]
    public async Task Start_WhenDisabledBySetting_SaysSo_AndStops()
    {
        // Arrange
        await using var provider = Build(new() { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Maintenance:Enabled"] = "false" });
        var service = provider.GetServices<IHostedService>().OfType<ExpiredRowPurgeService>().Single();

        // Act
        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(Deadline);

        // Assert
        Assert.Contains(_logs.Lines, line => line.EventId.Id == 4001);
    }

    [Fact]
    public async Task Start_WithTableStorage_PurgesExpiredSessionsInTheBackground()
    {
        // Arrange: a session table with one expired and one live row, as the session store writes them.
        var sessionTable = AzuriteFixture.UniqueTableName("Sessions");
        await using var provider = Build(new()
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Sessions:TableName"] = sessionTable,
            ["Maintenance:LeaseTableName"] = AzuriteFixture.UniqueTableName("Lease"),
            ["Maintenance:InitialDelay"] = "00:00:00.050",
        });
        var table = azurite.CreateServiceClient().GetTableClient(sessionTable);
        var now = DateTimeOffset.UtcNow;
        await table.AddEntityAsync(new TableEntity("expired-session", SessionRows.SessionRowKey) { [SessionRows.ExpiresAtProperty] = now.AddHours(-1) }, CancellationToken.None);
        await table.AddEntityAsync(new TableEntity("live-session", SessionRows.SessionRowKey) { [SessionRows.ExpiresAtProperty] = now.AddHours(1) }, CancellationToken.None);
        var service = provider.GetServices<IHostedService>().OfType<ExpiredRowPurgeService>().Single();

        // Act
        await service.StartAsync(CancellationToken.None);
        var purged = await WaitUntilAsync(async () => await table.GetEntityAsync("expired-session", SessionRows.SessionRowKey, CancellationToken.None) is null);
        await service.StopAsync(CancellationToken.None);

        // Assert
        Assert.True(purged, $"the expired session was not purged within {Deadline.TotalSeconds} s\n{_logs.AllText}");
        Assert.NotNull(await table.GetEntityAsync("live-session", SessionRows.SessionRowKey, CancellationToken.None));
        Assert.Contains(_logs.Lines, line => line.EventId.Id == 4002 && line.Message.Contains(sessionTable, StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, line => line.EventId.Id == 4006 && line.Message.Contains($"Purged table {sessionTable}: 1 expired rows deleted", StringComparison.Ordinal));
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully, "the service must end quietly when the host stops");
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        services.AddMcpSessionStore(configuration);
        services.AddExpiredRowPurge();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
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
