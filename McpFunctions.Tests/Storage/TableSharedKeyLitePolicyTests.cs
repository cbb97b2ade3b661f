using Azure.Core;
using Azure.Core.Pipeline;
using McpFunctions.Storage;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpFunctions.Tests.Storage;

/// <summary>
/// Shared Key Lite for the Table service. The expected signatures were computed outside .NET from the
/// documented algorithm, e.g.
/// <c>printf 'Tue, 01 Jan 2030 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(base64 -d &lt;&lt;&lt; $KEY | xxd -p -c 256) -binary | base64</c>.
/// </summary>
public sealed class TableSharedKeyLitePolicyTests
{
    private const string Date = "Tue, 01 Jan 2030 12:00:00 GMT";
    private const string TablesSignature = "SfHSut6865Uv+z5Nk1jKmDPBnlLLpZkEE9I6iynUUu4=";
    private const string AclSignature = "It09hLEHdLWQsrHq1ADPf8fQcvQL9JqQAKYpc2RJxSM=";

    private static readonly TableSharedKeyCredential DevelopmentKey =
        new(TableStorageDefaults.DevelopmentAccountName, TableStorageDefaults.DevelopmentAccountKey);

    [Fact]
    public void StringToSign_IsDateNewlineAccountAndPath_ForPathStyleEndpoint()
    {
        var stringToSign = TableSharedKeyLitePolicy.BuildStringToSign(
            Date, "devstoreaccount1", new Uri("http://127.0.0.1:10002/devstoreaccount1/Tables"));

        Assert.Equal("Tue, 01 Jan 2030 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables", stringToSign);
    }

    [Fact]
    public void StringToSign_KeepsCompParameter_AndDropsOthers()
    {
        var stringToSign = TableSharedKeyLitePolicy.BuildStringToSign(
            Date, "myaccount", new Uri("https://myaccount.table.core.windows.net/mytable?timeout=30&comp=acl&$top=5"));

        Assert.Equal("Tue, 01 Jan 2030 12:00:00 GMT\n/myaccount/mytable?comp=acl", stringToSign);
    }

    [Fact]
    public void StringToSign_KeepsPercentEncodingOfPath()
    {
        var stringToSign = TableSharedKeyLitePolicy.BuildStringToSign(
            Date, "a", new Uri("https://a.table.core.windows.net/t(PartitionKey='x%20y',RowKey='%C3%A9')"));

        Assert.Equal("Tue, 01 Jan 2030 12:00:00 GMT\n/a/t(PartitionKey='x%20y',RowKey='%C3%A9')", stringToSign);
    }

    [Fact]
    public void ComputeSignature_MatchesKnownVector()
    {
        var signature = DevelopmentKey.ComputeSignature("Tue, 01 Jan 2030 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables");

        Assert.Equal(TablesSignature, signature);
    }

    [Fact]
    public void ComputeSignature_MatchesKnownVector_WithComp()
    {
        var signature = DevelopmentKey.ComputeSignature("Tue, 01 Jan 2030 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable?comp=acl");

        Assert.Equal(AclSignature, signature);
    }

    [Fact]
    public async Task Request_CarriesDateFromTimeProvider_AndSharedKeyLiteAuthorization()
    {
        var handler = new RecordingHttpHandler();
        var connection = TableStorageConnection.FromConnectionString("UseDevelopmentStorage=true");
        var client = new TableServiceClient(
            connection,
            new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero)),
            NullLogger<TableServiceClient>.Instance,
            new TableClientOptions { Transport = new HttpClientTransport(handler) });

        await client.CreateTableIfNotExistsAsync("mytable", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/Tables", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Date, Assert.Single(request.Headers.GetValues("x-ms-date")));
        Assert.Equal($"SharedKeyLite devstoreaccount1:{TablesSignature}", request.Headers.Authorization!.ToString());
        Assert.Equal(TableStorageDefaults.ApiVersion, Assert.Single(request.Headers.GetValues("x-ms-version")));
    }

    [Fact]
    public void CredentialToString_NamesAccountButNotKey()
    {
        var text = DevelopmentKey.ToString();

        Assert.Contains("devstoreaccount1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TableStorageDefaults.DevelopmentAccountKey[..10], text, StringComparison.Ordinal);
    }
}
