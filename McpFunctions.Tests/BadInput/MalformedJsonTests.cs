using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;
using Xunit.Abstractions;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// Strings System.Text.Json parses but cannot decode (RFC 8259 §8.2) and duplicate member names (RFC 7493 §2.3),
/// generated at every string position and in every object of the messages the server reads, in both eras,
/// against the real app in Production (authenticated and anonymous) and Development. Every one is a 400 with
/// a JSON-RPC error (-32700 for undecodable text, -32600 for duplicates) and nothing internal in the body, and
/// body-level errors are answered before authentication, as malformed JSON always was.
/// </summary>
public sealed class MalformedJsonTests(ITestOutputHelper output)
{
    private const string Modern = "2026-07-28";

    /// <summary>Valid messages covering every member the server reads: ids, methods, params, _meta, tool arguments.</summary>
    private static readonly (string Name, bool NeedsSession, bool IsModern, string Json)[] Templates =
    [
        ("initialize", false, false, """
            {"jsonrpc":"2.0","id":"init-1","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"roots":{"listChanged":true},"experimental":{"x":{"y":"z"}}},"clientInfo":{"name":"claude-ai","version":"0.1.0","title":"Claude"},"_meta":{"progressToken":"p-0"}}}
            """),
        ("notifications/initialized", true, false, """{"jsonrpc":"2.0","method":"notifications/initialized","params":{"_meta":{"note":"n"}}}"""),
        ("tools/call mcp_execute", true, false, """
            {"jsonrpc":"2.0","id":"call-1","method":"tools/call","params":{"name":"mcp_execute","arguments":{"calculatorId":"bmi","inputs":{"weight":70,"weightUnit":"kg","height":175,"heightUnit":"cm","extra":["a",{"b":"c"}]}},"_meta":{"progressToken":"p-1"}}}
            """),
        ("tools/call mcp_search", true, false, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"mcp_search","arguments":{"query":"kidney"}}}"""),
        ("resources/read", true, false, """{"jsonrpc":"2.0","id":"r-1","method":"resources/read","params":{"uri":"calculators://catalog"}}"""),
        ("prompts/get", true, false, """{"jsonrpc":"2.0","id":"g-1","method":"prompts/get","params":{"name":"interpret-result","arguments":{"calculator":"bmi","result":"22.9"}}}"""),
        ("completion/complete", true, false, """{"jsonrpc":"2.0","id":"c-1","method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"interpret-result"},"argument":{"name":"calculator","value":"b"}}}"""),
        ("notifications/cancelled", true, false, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"call-1","reason":"user"}}"""),
        ("response", true, false, """{"jsonrpc":"2.0","id":"s-1","result":{"roots":[{"uri":"file:///x","name":"x"}]}}"""),
        ("batch", true, false, """[{"jsonrpc":"2.0","id":"b-1","method":"ping"},{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}}]"""),
        ("modern tools/call", false, true, """
            {"jsonrpc":"2.0","id":"m-1","method":"tools/call","params":{"name":"mcp_get_info","arguments":{"calculatorId":"bmi"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"sampling":{}},"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1.0.0"},"progressToken":"p-2"}}}
            """),
        ("modern server/discover", false, true, """
            {"jsonrpc":"2.0","id":"d-1","method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1.0.0"}}}}
            """),
    ];

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task EveryBrokenStringAndEveryDuplicate_IsAClientError_NeverA5xx(string environment, bool authenticated)
    {
        await using var app = await BadInputApp.StartAsync(environment);
        var sessionId = await HandshakeAsync(app);
        var failures = new List<string>();
        var cases = 0;
        var serverErrors = 0;

        foreach (var (name, needsSession, isModern, json) in Templates)
        {
            var template = JsonNode.Parse(json)!;
            var generated = JsonMutations.BrokenStringAtEveryPosition(template).Select(c => (c.Where, c.Body, Code: -32700))
                .Concat(JsonMutations.DuplicateInEveryObject(template).Select(c => (c.Where, c.Body, Code: -32600)));
            foreach (var (where, body, code) in generated)
            {
                cases++;
                using var request = Build(body, needsSession ? sessionId : null, isModern, authenticated);
                using var response = await app.Client.SendAsync(request);
                serverErrors += (int)response.StatusCode >= 500 ? 1 : 0;
                if (await ResponseChecks.JsonRpcErrorProblemAsync(response, 400, code) is { } problem)
                {
                    failures.Add($"{name} {where}: {problem}");
                }
            }
        }

        output.WriteLine($"{environment} ({(authenticated ? "with token" : "anonymous")}): {cases} generated cases, {serverErrors} answered 5xx, {failures.Count} failures.");
        Assert.True(cases > 300, $"only {cases} cases were generated");
        Assert.Empty(failures);
        Assert.Equal(0, serverErrors);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public void Generator_CoversEveryStringPositionAndEveryObject()
    {
        var template = JsonNode.Parse("""{"a":"x","b":{"c":["y",{"d":"z"}]}}""")!;

        // Strings: names a, b, c, d and values x, y, z = 7 positions, each with every broken string.
        Assert.Equal(7 * JsonMutations.BrokenStrings.Count, JsonMutations.BrokenStringAtEveryPosition(template).Count());
        Assert.Contains(JsonMutations.BrokenStringAtEveryPosition(template), c => c.Body == """{"a":"x","b":{"c":["y",{"\ud800":"z"}]}}""");

        // Objects: the root, b and the one inside the array.
        var duplicates = JsonMutations.DuplicateInEveryObject(template).Select(c => c.Body).ToList();
        Assert.Equal(3, duplicates.Count);
        Assert.Contains("""{"d":"z","d":"z","d":null}""", duplicates[2], StringComparison.Ordinal);
    }

    private static HttpRequestMessage Build(string body, string? sessionId, bool isModern, bool authenticated)
    {
        var request = McpHttp.Post("/mcp", body, sessionId, isModern ? Modern : sessionId is null ? null : "2025-06-18");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return authenticated ? BadInputApp.Authorized(request) : request;
    }

    private static async Task<string> HandshakeAsync(TestApp app)
    {
        using var init = await app.Client.SendAsync(BadInputApp.Authorized(McpHttp.Post("/mcp", McpHttp.InitializeBody)));
        init.EnsureSuccessStatusCode();
        var sessionId = init.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await app.Client.SendAsync(BadInputApp.Authorized(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, "2025-06-18")));
        return sessionId;
    }
}
