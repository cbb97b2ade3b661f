using System.Net;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;
using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Tools;

/// <summary>
/// The text content of every tool result over HTTP: a one-line summary, then the structured content as JSON a
/// person reads as written (no <c>\u00B2</c> escapes, no <c>null</c> members), while <c>structuredContent</c> stays
/// exactly as the tool produced it. Generated over every calculator and every tool.
/// </summary>
public sealed class ToolResultTextTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private string _sessionId = null!;

    public static TheoryData<string, string, string> Calls()
    {
        var data = new TheoryData<string, string, string>
        {
            { "mcp_list", "{}", "8 calculators: " },
            { "mcp_list", """{"category":"Cardiology"}""", "calculators: " },
            { "mcp_search", """{"query":"kidney function"}""", "'kidney function', best first: " },
            { "mcp_search", """{"query":"zebra"}""", "No calculator matches 'zebra'." },
            { "mcp_execute", """{"calculatorId":"bmi","inputs":{"weight":70,"weightUnit":"kg","height":175,"heightUnit":"cm"}}""", "Body Mass Index (BMI): BMI 22.86 kg/m²: " },
            { "mcp_execute", """{"calculatorId":"cha2ds2-vasc","inputs":{"age":70,"sex":"female","hypertension":true}}""", "CHA₂DS₂-VASc" },
            { "mcp_execute", """{"calculatorId":"curb-65","inputs":{"confusion":false,"urea":8,"respiratoryRate":20,"systolicBp":120,"diastolicBp":80,"age":70}}""", "CURB-65" },
        };
        foreach (var calculator in new CalculatorCatalog().All)
        {
            var id = calculator.Definition.Id;
            data.Add("mcp_get_info", $$"""{"calculatorId":"{{id}}"}""", $"({id}): ");
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _sessionId = await McpHttp.HandshakeAsync(_app.Client);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task TextContent_IsASummaryLine_ThenUnescapedJsonWithoutNulls_AndStructuredContentIsExact(string tool, string arguments, string summaryPart)
    {
        // Act
        var result = await CallAsync(tool, arguments);

        // Assert
        Assert.NotEqual(true, (bool?)result["isError"]);
        var content = Assert.Single(result["content"]!.AsArray())!;
        Assert.Equal("text", (string?)content["type"]);
        var text = (string)content["text"]!;
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        Assert.True(newline > 0, text);
        var summary = text[..newline];
        Assert.Contains(summaryPart, summary, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        Assert.DoesNotContain("null", text[newline..], StringComparison.Ordinal);

        var structured = result["structuredContent"]!;
        var textJson = JsonNode.Parse(text[(newline + 1)..])!;
        Assert.True(JsonNode.DeepEquals(WithoutNulls(structured), textJson), $"text JSON {textJson.ToJsonString()}\nstructured {structured.ToJsonString()}");
    }

    [Fact]
    public async Task StructuredContent_KeepsItsNullMembers_AndItsUnicode()
    {
        // Act: BMI is a formula; its scoreItems member is always present and null (the output schema says so).
        var result = await CallAsync("mcp_execute", """{"calculatorId":"bmi","inputs":{"weight":70,"height":175}}""");

        // Assert
        var structured = result["structuredContent"]!.AsObject();
        Assert.True(structured.ContainsKey("scoreItems"));
        Assert.Null(structured["scoreItems"]);
        Assert.Equal("kg/m²", (string?)structured["results"]![0]!["unit"]);
        Assert.Contains("\"unit\":\"kg/m²\"", (string)result["content"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorResult_KeepsTheMessageAsText_AndTheLogSaysWhy()
    {
        // Act
        var result = await CallAsync("mcp_list", """{"category":"Astrology"}""");

        // Assert
        Assert.True((bool?)result["isError"]);
        var text = (string)result["content"]![0]!["text"]!;
        Assert.StartsWith("Unknown category 'Astrology'. Known categories: ", text, StringComparison.Ordinal);
        var line = Assert.Single(_app.Logs.Lines, l => l.EventId.Id == 1205);
        Assert.Equal($"Tool mcp_list returned an error result (isError): {text}", line.Message);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Message.Contains("isError=", StringComparison.Ordinal));
    }

    private async Task<JsonNode> CallAsync(string tool, string arguments)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post(
            "/mcp",
            $$$"""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}}}""",
            _sessionId,
            "2025-06-18"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await McpHttp.ReadJsonAsync(response))["result"]!;
    }

    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray a => new JsonArray([.. a.Where(i => i is not null).Select(WithoutNulls)]),
        _ => node?.DeepClone(),
    };
}
