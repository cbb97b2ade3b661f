using System.Text.Json;
using McpFunctions.Storage;

namespace McpFunctions.Tests.Storage;

public sealed class TableEntityJsonTests
{
    [Fact]
    public void Write_AnnotatesTypesJsonCannotCarry()
    {
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "hello",
            ["Flag"] = true,
            ["Small"] = 42,
            ["Large"] = 9_007_199_254_740_993L,
            ["Ratio"] = 2.0,
            ["When"] = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567),
            ["Bytes"] = new byte[] { 1, 2, 255 },
        };

        var json = TableEntityJson.Write(entity).ToString();

        Assert.Equal(
            """{"PartitionKey":"p","RowKey":"r","Text":"hello","Flag":true,"Small":42,"Large@odata.type":"Edm.Int64","Large":"9007199254740993","Ratio@odata.type":"Edm.Double","Ratio":2,"When@odata.type":"Edm.DateTime","When":"2030-01-02T01:04:05.1234567Z","Bytes@odata.type":"Edm.Binary","Bytes":"AQL/"}""",
            json);
    }

    [Fact]
    public void Write_LeavesOutNullProperties()
    {
        var entity = new TableEntity("p", "r") { ["Gone"] = "x" };
        entity["Gone"] = null;

        Assert.Equal("""{"PartitionKey":"p","RowKey":"r"}""", TableEntityJson.Write(entity).ToString());
    }

    [Fact]
    public void Write_WritesNonFiniteDoublesAsStrings()
    {
        var entity = new TableEntity("p", "r") { ["NaN"] = double.NaN, ["Inf"] = double.NegativeInfinity };

        Assert.Equal(
            """{"PartitionKey":"p","RowKey":"r","NaN@odata.type":"Edm.Double","NaN":"NaN","Inf@odata.type":"Edm.Double","Inf":"-Infinity"}""",
            TableEntityJson.Write(entity).ToString());
    }

    [Fact]
    public void Read_UsesAnnotations_AndMinimalMetadataInference()
    {
        using var document = JsonDocument.Parse("""
            {
              "odata.metadata": "http://127.0.0.1/devstoreaccount1/$metadata#t/@Element",
              "odata.etag": "W/\"datetime'2030-01-01T00%3A00%3A00.0000000Z'\"",
              "PartitionKey": "p",
              "RowKey": "r",
              "Timestamp@odata.type": "Edm.DateTime",
              "Timestamp": "2030-01-01T00:00:00.0000000Z",
              "Small": 7,
              "Ratio": 0.5,
              "Large@odata.type": "Edm.Int64",
              "Large": "-9007199254740993",
              "When@odata.type": "Edm.DateTime",
              "When": "2030-01-02T01:04:05.1234567Z",
              "Bytes@odata.type": "Edm.Binary",
              "Bytes": "AQL/",
              "Flag": false,
              "Text": "x"
            }
            """);

        var entity = TableEntityJson.Read(document.RootElement, etagHeader: null);

        Assert.Equal("W/\"datetime'2030-01-01T00%3A00%3A00.0000000Z'\"", entity.ETag);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), entity.Timestamp);
        Assert.Equal(7, entity["Small"]);
        Assert.Equal(0.5, entity["Ratio"]);
        Assert.Equal(-9_007_199_254_740_993L, entity["Large"]);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 1, 4, 5, TimeSpan.Zero).AddTicks(1234567), entity["When"]);
        Assert.Equal(new byte[] { 1, 2, 255 }, entity["Bytes"]);
        Assert.Equal(false, entity["Flag"]);
        Assert.Equal("x", entity["Text"]);
        Assert.Equal(7, entity.Properties.Count);
    }

    [Fact]
    public void Read_PrefersETagHeader()
    {
        using var document = JsonDocument.Parse("""{"odata.etag":"W/\"body\"","PartitionKey":"p","RowKey":"r"}""");

        Assert.Equal("W/\"header\"", TableEntityJson.Read(document.RootElement, "W/\"header\"").ETag);
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("odata.etag")]
    [InlineData("A@odata.type")]
    public void Indexer_Throws_WhenPropertyNameReserved(string name)
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity[name] = "x");
    }

    [Fact]
    public void Indexer_Throws_WhenValueTypeUnsupported()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["Id"] = Guid.NewGuid());
        Assert.Throws<ArgumentException>(() => entity["When"] = DateTime.UtcNow);
    }

    [Fact]
    public void Getters_ConvertNumbersThatMinimalMetadataCannotTellApart()
    {
        var entity = new TableEntity("p", "r") { ["Whole"] = 2, ["Text"] = "x" };

        Assert.Equal(2.0, entity.GetDouble("Whole"));
        Assert.Equal(2L, entity.GetInt64("Whole"));
        Assert.Null(entity.GetString("Missing"));
        Assert.Throws<InvalidOperationException>(() => entity.GetBoolean("Text"));
    }
}
