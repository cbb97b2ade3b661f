using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Tests.TestSupport;
using Xunit.Abstractions;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// MCP server/tools, "Error Handling": an argument of the wrong JSON type or a missing one is a tool result with
/// <c>isError</c> that names the argument and the type expected, so the model can correct itself. Generated from
/// the served input schemas: every parameter of every tool with every JSON type it does not accept, plus each
/// required one left out, in Production and Development. An object or array sent as its JSON text is accepted.
/// </summary>
public sealed class ToolArgumentTypeTests(ITestOutputHelper output)
{
    /// <summary>A valid call per tool; a tool added without one fails the test, so the corpus keeps up.</summary>
    private static readonly Dictionary<string, string> ValidArguments = new(StringComparer.Ordinal)
    {
        ["mcp_list"] = """{"category":"Cardiology"}""",
        ["mcp_search"] = """{"query":"kidney"}""",
        ["mcp_get_info"] = """{"calculatorId":"bmi"}""",
        ["mcp_execute"] = """{"calculatorId":"bmi","inputs":{"weight":70,"height":175}}""",
    };

    private static readonly (string Type, string Json)[] Samples =
    [
        ("string", "\"text\""), ("number", "1.5"), ("integer", "3"), ("boolean", "true"), ("boolean", "false"),
        ("object", """{"a":1}"""), ("array", """[1,"a"]"""), ("null", "null"),
    ];

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task EveryParameter_WithEveryWrongType_IsAToolErrorNamingIt(string environment)
    {
        await using var app = await BadInputApp.StartAsync(environment);
        var session = await HandshakeAsync(app);
        var tools = (await CallAsync(app, session, "tools/list", new JsonObject()))["result"]!["tools"]!.AsArray();
        var failures = new List<string>();
        var cases = 0;
        var serverErrors = 0;

        foreach (var tool in tools)
        {
            var name = (string)tool!["name"]!;
            Assert.True(ValidArguments.ContainsKey(name), $"add a valid call for the new tool '{name}'");
            var schema = tool["inputSchema"]!;
            var required = schema["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (parameter, propertySchema) in schema["properties"]!.AsObject())
            {
                var allowed = AllowedTypes(propertySchema!);
                foreach (var (type, json) in Samples.Where(s => !Accepts(allowed, s.Type)))
                {
                    if (type == "null" && !required.Contains(parameter))
                    {
                        continue; // an optional argument sent as null is read as absent (checked below)
                    }

                    cases++;
                    var arguments = JsonNode.Parse(ValidArguments[name])!.AsObject();
                    arguments[parameter] = JsonNode.Parse(json);
                    await ExpectToolErrorAsync(app, session, name, arguments, parameter, failures, $"{name}.{parameter} as {type}", () => serverErrors++);
                }

                if (required.Contains(parameter))
                {
                    cases++;
                    var arguments = JsonNode.Parse(ValidArguments[name])!.AsObject();
                    arguments.Remove(parameter);
                    await ExpectToolErrorAsync(app, session, name, arguments, parameter, failures, $"{name}.{parameter} missing", () => serverErrors++);
                }
            }
        }

        output.WriteLine($"{environment}: {cases} generated cases, {serverErrors} answered 5xx, {failures.Count} failures.");
        Assert.True(cases >= 20, $"only {cases} cases");
        Assert.Empty(failures);
        Assert.Equal(0, serverErrors);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Exception is not null || l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task AnObjectSentAsItsJsonText_IsAccepted_AndANullOptionalIsAbsent(string environment)
    {
        await using var app = await BadInputApp.StartAsync(environment);
        var session = await HandshakeAsync(app);

        var encoded = await CallAsync(app, session, "tools/call", new JsonObject
        {
            ["name"] = "mcp_execute",
            ["arguments"] = new JsonObject { ["calculatorId"] = "bmi", ["inputs"] = """ {"weight": 70, "height": 175} """ },
        });
        var nullOptional = await CallAsync(app, session, "tools/call", new JsonObject
        {
            ["name"] = "mcp_list",
            ["arguments"] = new JsonObject { ["category"] = null },
        });
        var all = await CallAsync(app, session, "tools/call", new JsonObject { ["name"] = "mcp_list", ["arguments"] = new JsonObject() });
        var notAnObject = await CallAsync(app, session, "tools/call", new JsonObject
        {
            ["name"] = "mcp_execute",
            ["arguments"] = new JsonObject { ["calculatorId"] = "bmi", ["inputs"] = "[70, 175]" },
        });

        Assert.False((bool?)encoded["result"]!["isError"] ?? false, encoded.ToJsonString());
        Assert.Equal("bmi", (string?)encoded["result"]!["structuredContent"]!["calculatorId"]);
        Assert.False((bool?)nullOptional["result"]!["isError"] ?? false, nullOptional.ToJsonString());
        Assert.Equal(all["result"]!["structuredContent"]!["calculators"]!.AsArray().Count, nullOptional["result"]!["structuredContent"]!["calculators"]!.AsArray().Count);
        Assert.True(all["result"]!["structuredContent"]!["calculators"]!.AsArray().Count > 1);
        Assert.True((bool?)notAnObject["result"]!["isError"]);
        Assert.Equal(
            "Invalid arguments: 'inputs' must be an object, not a string. See the input schema of 'mcp_execute' in tools/list.",
            (string?)notAnObject["result"]!["content"]![0]!["text"]);
    }

    private static async Task ExpectToolErrorAsync(TestApp app, string session, string tool, JsonObject arguments, string parameter, List<string> failures, string label, Action serverError)
    {
        using var response = await app.Client.SendAsync(Request(session, "tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }));
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500)
        {
            serverError();
        }

        if ((int)response.StatusCode != 200)
        {
            failures.Add($"{label}: status {(int)response.StatusCode} {ResponseChecks.Shorten(text)}");
            return;
        }

        var result = JsonNode.Parse(text)!["result"];
        var message = (string?)result?["content"]?[0]?["text"] ?? string.Empty;
        if ((bool?)result?["isError"] != true || !message.Contains($"'{parameter}'", StringComparison.Ordinal)
            || message.Contains("unexpectedly", StringComparison.Ordinal) || ResponseChecks.LeakProblem(text) is { } leak)
        {
            failures.Add($"{label}: {ResponseChecks.Shorten(text)}");
        }
    }

    private static HashSet<string> AllowedTypes(JsonNode propertySchema) => propertySchema["type"] switch
    {
        JsonArray types => types.Select(t => (string)t!).ToHashSet(StringComparer.Ordinal),
        JsonValue type => [(string)type!],
        _ => [],
    };

    private static bool Accepts(HashSet<string> allowed, string sample) =>
        allowed.Count == 0 || allowed.Contains(sample) || (sample == "integer" && allowed.Contains("number"));

    private static HttpRequestMessage Request(string session, string method, JsonObject parameters) =>
        BadInputApp.Authorized(McpHttp.Post("/mcp", new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters }.ToJsonString(), session, "2025-06-18"));

    private static async Task<JsonNode> CallAsync(TestApp app, string session, string method, JsonObject parameters)
    {
        using var response = await app.Client.SendAsync(Request(session, method, parameters));
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
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
