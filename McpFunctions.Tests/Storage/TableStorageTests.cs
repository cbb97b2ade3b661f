using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpFunctions.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CreateTableIfNotExists_ReturnsTrueThenFalse()
    {
        var client = azurite.CreateServiceClient();
        var name = AzuriteFixture.UniqueTableName("Create");

        var first = await client.CreateTableIfNotExistsAsync(name, CancellationToken.None);
        var second = await client.CreateTableIfNotExistsAsync(name, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task DeleteTable_ReturnsFalse_WhenTableMissing()
    {
        var client = azurite.CreateServiceClient();

        Assert.False(await client.DeleteTableAsync(AzuriteFixture.UniqueTableName("Missing"), CancellationToken.None));
    }

    [Fact]
    public async Task FirstUse_CreatesTableOnce_WhenManyCallersRace()
    {
        var counter = new CreateTableCounter();
        var table = azurite.CreateServiceClient(configureClient: options => options.AddPolicy(counter, HttpPipelinePosition.PerCall)).GetTableClient(AzuriteFixture.UniqueTableName("Race"));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            table.UpsertEntityAsync(new TableEntity("p", $"r{i}"), CancellationToken.None)));
        await table.GetEntityAsync("p", "r0", CancellationToken.None);

        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task Requests_AreRejected_WhenSignedWithWrongKey()
    {
        // Proves Azurite checks the Shared Key Lite signature, so every other test here exercises it.
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connection = TableStorageConnection.FromConnectionString(
            $"AccountName=devstoreaccount1;AccountKey={wrongKey};TableEndpoint={azurite.TableServiceUri}");
        var client = new TableStorage(connection, TimeProvider.System, NullLogger<TableStorage>.Instance);

        // A key the account refuses is the server's misconfiguration, not the client's fault: unavailable (503).
        var exception = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            client.CreateTableIfNotExistsAsync(AzuriteFixture.UniqueTableName("Denied"), CancellationToken.None));

        Assert.Equal(403, Assert.IsType<RequestFailedException>(exception.InnerException).Status);
    }

    [Fact]
    public void GetTableClient_Throws_WhenNameInvalid()
    {
        var client = azurite.CreateServiceClient();

        Assert.Throws<ArgumentException>(() => client.GetTableClient("no-dashes"));
    }

    /// <summary>Counts Create Table requests (POST .../Tables) going through the pipeline.</summary>
    private sealed class CreateTableCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
