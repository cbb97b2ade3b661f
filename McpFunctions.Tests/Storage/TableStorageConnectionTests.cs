using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using McpFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpFunctions.Tests.Storage;

public sealed class TableStorageConnectionTests
{
    private const string AccountKey = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

    [Fact]
    public void FromConnectionString_UsesAzuriteDefaults_WhenUseDevelopmentStorage()
    {
        var connection = TableStorageConnection.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableServiceUri);
        Assert.Equal("devstoreaccount1", connection.SharedKey!.AccountName);
        Assert.Null(connection.TokenCredential);
    }

    [Fact]
    public void FromConnectionString_BuildsEndpointFromAccountAndSuffix()
    {
        var connection = TableStorageConnection.FromConnectionString(
            $"DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey={AccountKey};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://myaccount.table.core.chinacloudapi.cn"), connection.TableServiceUri);
        Assert.Equal("myaccount", connection.SharedKey!.AccountName);
    }

    [Fact]
    public void FromConnectionString_DefaultsToHttpsAndPublicCloud()
    {
        var connection = TableStorageConnection.FromConnectionString($"AccountName=myaccount;AccountKey={AccountKey}");

        Assert.Equal(new Uri("https://myaccount.table.core.windows.net"), connection.TableServiceUri);
    }

    [Fact]
    public void FromConnectionString_PrefersTableEndpoint_AndToleratesSpacesAndTrailingSemicolon()
    {
        var connection = TableStorageConnection.FromConnectionString(
            $" DefaultEndpointsProtocol=http ; AccountName=devstoreaccount1 ; AccountKey={AccountKey} ; TableEndpoint=http://127.0.0.1:12345/devstoreaccount1/ ;");

        Assert.Equal("http://127.0.0.1:12345/devstoreaccount1", connection.TableServiceUri.AbsoluteUri.TrimEnd('/'));
    }

    [Fact]
    public void FromConnectionString_Throws_WhenAccountKeyMissing()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            TableStorageConnection.FromConnectionString("DefaultEndpointsProtocol=https;AccountName=myaccount;EndpointSuffix=core.windows.net", "MyStorage"));

        Assert.Contains("'MyStorage'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no 'AccountKey'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConnectionString_Throws_WithoutEchoingKey_WhenKeyIsNotBase64()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            TableStorageConnection.FromConnectionString("AccountName=myaccount;AccountKey=not*base64*secret"));

        Assert.Contains("not valid base64", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just-some-text")]
    [InlineData("=value")]
    [InlineData("UseDevelopmentStorage=false")]
    [InlineData("SharedAccessSignature=sv=2020&sig=abc;TableEndpoint=https://a.table.core.windows.net")]
    [InlineData("AccountName=a;AccountKey=a2V5;DefaultEndpointsProtocol=ftp")]
    [InlineData("AccountName=a;AccountKey=a2V5;TableEndpoint=not a url")]
    public void FromConnectionString_Throws_WhenMalformedOrUnsupported(string connectionString)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => TableStorageConnection.FromConnectionString(connectionString));

        Assert.StartsWith("The storage connection 'AzureWebJobsStorage' cannot be used:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ReturnsNull_WhenNothingConfigured()
    {
        var configuration = Configuration(new() { ["Unrelated"] = "x" });

        Assert.Null(TableStorageConnection.FromConfiguration(configuration));
    }

    [Fact]
    public void FromConfiguration_ReadsAzureWebJobsStorageConnectionString()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var connection = TableStorageConnection.FromConfiguration(configuration);

        Assert.NotNull(connection);
        Assert.Equal("AzureWebJobsStorage", connection.ConnectionName);
        Assert.NotNull(connection.SharedKey);
    }

    [Fact]
    public void FromConfiguration_ReadsConnectionNamedByStorageConnectionSetting()
    {
        var configuration = Configuration(new()
        {
            ["Storage:Connection"] = "McpStorage",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["McpStorage"] = $"AccountName=other;AccountKey={AccountKey}",
        });

        var connection = TableStorageConnection.FromConfiguration(configuration);

        Assert.Equal("McpStorage", connection!.ConnectionName);
        Assert.Equal(new Uri("https://other.table.core.windows.net"), connection.TableServiceUri);
    }

    [Fact]
    public void FromConfiguration_ReadsConnectionStringsSection()
    {
        var configuration = Configuration(new() { ["ConnectionStrings:AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.NotNull(TableStorageConnection.FromConfiguration(configuration)?.SharedKey);
    }

    [Fact]
    public void FromConfiguration_UsesManagedIdentity_WithTableServiceUri()
    {
        // AzureWebJobsStorage__tableServiceUri / __credential / __clientId in the environment.
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://myaccount.table.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var connection = TableStorageConnection.FromConfiguration(configuration);

        Assert.Equal(new Uri("https://myaccount.table.core.windows.net"), connection!.TableServiceUri);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential);
        Assert.Null(connection.SharedKey);
    }

    [Fact]
    public void FromConfiguration_UsesDefaultAzureCredential_WithAccountNameAndNoCredentialSetting()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage:accountName"] = "myaccount" });

        var connection = TableStorageConnection.FromConfiguration(configuration);

        Assert.Equal(new Uri("https://myaccount.table.core.windows.net"), connection!.TableServiceUri);
        Assert.IsType<DefaultAzureCredential>(connection.TokenCredential);
    }

    [Fact]
    public void FromConfiguration_Throws_WhenIdentitySettingsLackTableEndpoint()
    {
        // What a Functions app often has: identity settings for blobs and queues only.
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://myaccount.blob.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        });

        var exception = Assert.Throws<InvalidOperationException>(() => TableStorageConnection.FromConfiguration(configuration));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clientsecret", "https://a.table.core.windows.net")]
    [InlineData("managedidentity", "http://a.table.core.windows.net")]
    public void FromConfiguration_Throws_WhenIdentitySettingsUnusable(string credential, string tableServiceUri)
    {
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = tableServiceUri,
            ["AzureWebJobsStorage:credential"] = credential,
        });

        Assert.Throws<InvalidOperationException>(() => TableStorageConnection.FromConfiguration(configuration));
    }

    [Fact]
    public async Task TokenCredentialConnection_SendsBearerTokenForStorageScope()
    {
        var scopes = new List<string>();
        var credential = DelegatedTokenCredential.Create((context, _) =>
        {
            scopes.AddRange(context.Scopes);
            return new AccessToken("token-from-identity", DateTimeOffset.UtcNow.AddHours(1));
        });
        var handler = new RecordingHttpHandler();
        var client = new TableStorage(
            TableStorageConnection.FromTokenCredential(new Uri("https://myaccount.table.core.windows.net"), credential),
            TimeProvider.System,
            NullLogger<TableStorage>.Instance,
            configureClient: options => options.Transport = new HttpClientTransport(handler));

        await client.CreateTableIfNotExistsAsync("mytable", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer token-from-identity", request.Headers.Authorization!.ToString());
        Assert.Equal(["https://storage.azure.com/.default"], scopes);
        Assert.Matches("^20[0-9]{2}-[0-9]{2}-[0-9]{2}$", Assert.Single(request.Headers.GetValues("x-ms-version")));
    }

    [Fact]
    public void ToString_DoesNotContainAccountKey()
    {
        var connection = TableStorageConnection.FromConnectionString($"AccountName=myaccount;AccountKey={AccountKey}");

        Assert.DoesNotContain(AccountKey, connection.ToString(), StringComparison.Ordinal);
        Assert.Contains("myaccount", connection.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
