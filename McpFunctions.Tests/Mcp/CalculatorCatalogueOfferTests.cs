using System.Net;
using System.Text.Json.Nodes;
using McpFunctions.Resources;
using McpFunctions.Tests.TestSupport;
using McpFunctions.Tools.Calculators;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// What the shipped server offers besides its tools, over HTTP as a client sees it: the calculator catalogue and each
/// calculator's definition as resources (with a URI template), the <c>interpret-result</c> prompt, and completion of
/// calculator ids — the answers Claude's parallel <c>resources/list</c> and <c>prompts/list</c> get after initialize.
/// </summary>
public sealed class CalculatorCatalogueOfferTests : IAsyncLifetime
{
    private const string Version = "2025-06-18";

    /// <summary>Catalogue order, as <c>mcp_list</c> shows it.</summary>
    private static readonly string[] Ids = ["bmi", "bsa-mosteller", "egfr-ckd-epi-2021", "cockcroft-gault", "cha2ds2-vasc", "has-bled", "qtc", "curb-65"];

    private static readonly CalculatorCatalog Catalog = new();

    private TestApp _app = null!;
    private string _sessionId = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _sessionId = await McpHttp.HandshakeAsync(_app.Client);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Initialize_DeclaresResourcesPromptsAndCompletions_NotSubscriptions()
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var capabilities = (await McpHttp.ReadJsonAsync(response))["result"]!["capabilities"]!;
        AssertJson("""{"tools":{},"resources":{},"prompts":{},"completions":{},"logging":{}}""", capabilities);
    }

    [Fact]
    public async Task ServerDiscover_DeclaresTheSameOffer_WithoutLogging()
    {
        using var response = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 1, "server/discover"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson("""{"tools":{},"resources":{},"prompts":{},"completions":{}}""", (await McpHttp.ReadJsonAsync(response))["result"]!["capabilities"]!);
    }

    [Fact]
    public async Task ResourcesList_IsEachDefinitionThenTheCatalogue_ByUri()
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":2,"method":"resources/list","params":{}}""");

        var expected = new JsonArray();
        foreach (var definition in Catalog.All.Select(c => c.Definition).OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            expected.Add(new JsonObject
            {
                ["uri"] = "calculators://calculator/" + definition.Id,
                ["name"] = definition.Id,
                ["title"] = definition.Name,
                ["description"] = definition.Description,
                ["mimeType"] = "application/json",
            });
        }

        expected.Add(JsonNode.Parse("""
            {"uri":"calculators://catalog","name":"catalog","title":"Clinical calculator catalogue",
             "description":"Every calculator this server runs: id, name, category, one-line description and the URI of its definition.",
             "mimeType":"application/json"}
            """));
        AssertJson(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["result"] = new JsonObject { ["resources"] = expected } }, body);
        Assert.Equal("Body Mass Index (BMI)", (string?)body["result"]!["resources"]![0]!["title"]);
    }

    [Fact]
    public async Task ResourcesTemplatesList_IsTheDefinitionTemplate()
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":3,"method":"resources/templates/list","params":{}}""");

        AssertJson("""
            {"jsonrpc":"2.0","id":3,"result":{"resourceTemplates":[
              {"uriTemplate":"calculators://calculator/{name}","name":"calculator","title":"Calculator definition",
               "description":"One calculator's inputs (type, unit, accepted range, allowed values, default) and the publication its formula comes from; {name} is a calculator id from calculators://catalog.",
               "mimeType":"application/json"}]}}
            """, body);
    }

    [Fact]
    public async Task ResourcesRead_Catalogue_ListsEveryCalculatorWithItsDefinitionUri()
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"calculators://catalog"}}""");

        var content = Assert.Single(body["result"]!["contents"]!.AsArray())!;
        Assert.Equal(["mimeType", "text", "uri"], content.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("calculators://catalog", (string?)content["uri"]);
        Assert.Equal("application/json", (string?)content["mimeType"]);
        var catalogue = JsonNode.Parse((string)content["text"]!)!;
        Assert.Equal(Ids, catalogue["calculators"]!.AsArray().Select(c => (string)c!["id"]!));
        AssertJson("""
            {"id":"bmi","name":"Body Mass Index (BMI)","category":"Anthropometry",
             "description":"Body mass index from weight and height, with the WHO adult weight-status category.",
             "uri":"calculators://calculator/bmi"}
            """, catalogue["calculators"]![0]!);
        AssertJson(new JsonArray([.. Catalog.Categories.Select(c => (JsonNode)JsonValue.Create(c))]), catalogue["categories"]!);
    }

    [Fact]
    public async Task ResourcesRead_Definition_IsWhatMcpGetInfoReturns()
    {
        var read = await PostAsync("""{"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"calculators://calculator/egfr-ckd-epi-2021"}}""");
        var info = await PostAsync("""{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"mcp_get_info","arguments":{"calculatorId":"egfr-ckd-epi-2021"}}}""");

        var content = Assert.Single(read["result"]!["contents"]!.AsArray())!;
        Assert.Equal("calculators://calculator/egfr-ckd-epi-2021", (string?)content["uri"]);
        Assert.Equal("application/json", (string?)content["mimeType"]);
        AssertJson(info["result"]!["structuredContent"]!, JsonNode.Parse((string)content["text"]!)!);
        Assert.Equal("egfr-ckd-epi-2021", (string?)JsonNode.Parse((string)content["text"]!)!["id"]);
    }

    [Theory]
    [InlineData("calculators://calculator/no-such-calculator")]
    [InlineData("calculators://calculator/BMI")]
    [InlineData("calculators://catalogue")]
    [InlineData("file:///etc/passwd")]
    public async Task ResourcesRead_UnknownUri_IsResourceNotFound_NamingTheUri(string uri)
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":""" + JsonValue.Create(uri).ToJsonString() + "}}");

        AssertJson(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 7,
            ["error"] = new JsonObject { ["code"] = -32002, ["message"] = "Resource not found: " + uri, ["data"] = new JsonObject { ["uri"] = uri } },
        }, body);
    }

    [Fact]
    public async Task PromptsList_IsInterpretResult_WithItsArguments()
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":8,"method":"prompts/list","params":{}}""");

        AssertJson("""
            {"jsonrpc":"2.0","id":8,"result":{"prompts":[
              {"name":"interpret-result","title":"Interpret a calculator result for a clinician",
               "description":"Explains one calculator result for a clinician: what the value means, the category or threshold it falls in, the formula's limits, and what is usually considered next.",
               "arguments":[
                 {"name":"calculator","description":"Calculator id from calculators://catalog, e.g. \"egfr-ckd-epi-2021\".","required":true},
                 {"name":"result","description":"The result to interpret, with its unit, e.g. \"42 mL/min/1.73m²\" or \"score 3\".","required":true},
                 {"name":"context","description":"Optional patient context, e.g. \"78-year-old woman on apixaban\".","required":false}]}]}}
            """, body);
    }

    [Fact]
    public async Task PromptsGet_EmbedsTheDefinition_ThenAsksForTheInterpretation()
    {
        var body = await PostAsync("""
            {"jsonrpc":"2.0","id":9,"method":"prompts/get","params":{"name":"interpret-result","arguments":{"calculator":"bmi","result":"31.2 kg/m²","context":"52-year-old man with type 2 diabetes"}}}
            """);

        var definition = Catalog.Find("bmi")!.Definition;
        var expected = JsonNode.Parse("""
            {"jsonrpc":"2.0","id":9,"result":{"description":"Interpret a Body Mass Index (BMI) result for a clinician","messages":[
              {"role":"user","content":{"type":"resource","resource":{"uri":"calculators://calculator/bmi","mimeType":"application/json","text":"PLACEHOLDER"}}},
              {"role":"user","content":{"type":"text","text":"Interpret this Body Mass Index (BMI) result for a clinician: 31.2 kg/m². Patient context: 52-year-old man with type 2 diabetes. Using the calculator definition above (its inputs, units, ranges and source), say what the value means, which category or threshold it falls in, the limits of the formula for this patient, and what a clinician would usually consider next. Do not assume values that were not given."}}]}}
            """)!;
        var embedded = (string)body["result"]!["messages"]![0]!["content"]!["resource"]!["text"]!;
        expected["result"]!["messages"]![0]!["content"]!["resource"]!["text"] = embedded;
        AssertJson(expected, body);
        AssertJson(JsonNode.Parse(CalculatorResources.DefinitionJson(definition))!, JsonNode.Parse(embedded)!);
        Assert.Contains("\"weight\"", embedded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptsGet_WithoutContext_LeavesItOut()
    {
        var body = await PostAsync("""
            {"jsonrpc":"2.0","id":10,"method":"prompts/get","params":{"name":"interpret-result","arguments":{"calculator":"curb-65","result":"3"}}}
            """);

        var text = (string)body["result"]!["messages"]![1]!["content"]!["text"]!;
        var name = Catalog.Find("curb-65")!.Definition.Name;
        Assert.StartsWith($"Interpret this {name} result for a clinician: 3. Using the calculator definition above", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Patient context", text, StringComparison.Ordinal);
        Assert.Equal("calculators://calculator/curb-65", (string?)body["result"]!["messages"]![0]!["content"]!["resource"]!["uri"]);
    }

    [Theory]
    [InlineData("""{"calculator":"bmi"}""", "Missing required argument 'result' for prompt 'interpret-result'.")]
    [InlineData("""{"result":"31"}""", "Missing required argument 'calculator' for prompt 'interpret-result'.")]
    [InlineData("""{"calculator":" ","result":"31"}""", "Missing required argument 'calculator' for prompt 'interpret-result'.")]
    [InlineData("""{"calculator":"nope","result":"31"}""", "Unknown calculator 'nope' for prompt 'interpret-result'. Known calculators: bmi, bsa-mosteller, egfr-ckd-epi-2021, cockcroft-gault, cha2ds2-vasc, has-bled, qtc, curb-65.")]
    public async Task PromptsGet_MissingOrUnknownArgument_IsInvalidParams(string arguments, string message)
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":11,"method":"prompts/get","params":{"name":"interpret-result","arguments":""" + arguments + "}}");

        AssertJson(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 11, ["error"] = new JsonObject { ["code"] = -32602, ["message"] = message } }, body);
    }

    [Fact]
    public async Task PromptsGet_UnknownPrompt_IsInvalidParams()
    {
        var body = await PostAsync("""{"jsonrpc":"2.0","id":12,"method":"prompts/get","params":{"name":"summarise","arguments":{}}}""");

        AssertJson("""{"jsonrpc":"2.0","id":12,"error":{"code":-32602,"message":"Unknown prompt: summarise"}}""", body);
    }

    [Fact]
    public async Task CompletionComplete_PromptArgument_OffersCalculatorIdsWithThePrefix()
    {
        var body = await PostAsync("""
            {"jsonrpc":"2.0","id":13,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"interpret-result"},"argument":{"name":"calculator","value":"C"}}}
            """);

        AssertJson("""{"jsonrpc":"2.0","id":13,"result":{"completion":{"values":["cockcroft-gault","cha2ds2-vasc","curb-65"],"total":3,"hasMore":false}}}""", body);
    }

    [Fact]
    public async Task CompletionComplete_TemplateVariable_OffersEveryCalculatorId()
    {
        var body = await PostAsync("""
            {"jsonrpc":"2.0","id":14,"method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":"calculators://calculator/{name}"},"argument":{"name":"name","value":""}}}
            """);

        var expected = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 14,
            ["result"] = new JsonObject
            {
                ["completion"] = new JsonObject { ["values"] = new JsonArray([.. Ids.Select(id => (JsonNode)JsonValue.Create(id))]), ["total"] = 8, ["hasMore"] = false },
            },
        };
        AssertJson(expected, body);
    }

    [Fact]
    public async Task CompletionComplete_AnArgumentWithNoValues_IsAnEmptyList()
    {
        var body = await PostAsync("""
            {"jsonrpc":"2.0","id":15,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"interpret-result"},"argument":{"name":"context","value":"7"}}}
            """);

        AssertJson("""{"jsonrpc":"2.0","id":15,"result":{"completion":{"values":[],"total":0,"hasMore":false}}}""", body);
    }

    [Fact]
    public async Task ModernEra_ListsAndReadsTheSame_AndAMissIsInvalidParams()
    {
        using var list = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 1, "resources/list"));
        using var read = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 2, "resources/read",
            new JsonObject { ["uri"] = "calculators://catalog" }, name: "calculators://catalog"));
        using var miss = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 3, "resources/read",
            new JsonObject { ["uri"] = "calculators://calculator/nope" }, name: "calculators://calculator/nope"));
        using var prompts = await _app.Client.SendAsync(ModernHttp.Request("/mcp", 4, "prompts/list"));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(9, (await McpHttp.ReadJsonAsync(list))["result"]!["resources"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readResult = (await McpHttp.ReadJsonAsync(read))["result"]!;
        Assert.Equal("complete", (string?)readResult["resultType"]);
        Assert.Equal("calculators://catalog", (string?)readResult["contents"]![0]!["uri"]);
        // 2026-07-28 reports a missing resource as invalid params (-32602); earlier revisions as -32002.
        var missBody = await McpHttp.ReadJsonAsync(miss);
        Assert.Equal(-32602, (int?)missBody["error"]!["code"]);
        Assert.Equal("Resource not found: calculators://calculator/nope", (string?)missBody["error"]!["message"]);
        Assert.Equal("interpret-result", (string?)(await McpHttp.ReadJsonAsync(prompts))["result"]!["prompts"]![0]!["name"]);
    }

    private async Task<JsonNode> PostAsync(string json)
    {
        using var response = await _app.Client.SendAsync(McpHttp.Post("/mcp", json, _sessionId, Version));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", McpHttp.ContentType(response)?.MediaType);
        return await McpHttp.ReadJsonAsync(response);
    }

    private static void AssertJson(string expected, JsonNode actual) => AssertJson(JsonNode.Parse(expected)!, actual);

    private static void AssertJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
}
