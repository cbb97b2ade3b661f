using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// The 2026-07-28 input-required fixtures (SEP-2322, multi round-trip requests): instead of calling back
/// to the client, a tool throws the SDK's <see cref="InputRequiredException"/> naming what it needs, and the
/// client retries the same call with <c>inputResponses</c> (and the <c>requestState</c> it was given).
/// A missing or malformed response is asked for again rather than failing the call.
/// </summary>
// Sampling and roots are deprecated by 2026-07-28 (SEP-2577, MCP9005) yet remain valid input requests.
#pragma warning disable MCP9005
[McpServerToolType]
internal sealed class ConformanceInputRequiredTools(ConformanceRequestState states)
{
    [McpServerTool(Name = "test_input_required_result_elicitation"), Description("Asks for the user's name through an elicitation input request.")]
    public static string Elicitation(RequestContext<CallToolRequestParams> context) =>
        ElicitedText(context.Params, "user_name", "name") is { } name
            ? $"Hello, {name}!"
            : throw new InputRequiredException(new Dictionary<string, InputRequest> { ["user_name"] = AskName("What is your name?") }, requestState: null);

    [McpServerTool(Name = "test_input_required_result_sampling"), Description("Asks the client's LLM through a sampling input request.")]
    public static string Sampling(RequestContext<CallToolRequestParams> context) =>
        SampledText(context.Params, "sample_request") is { } text
            ? $"Sampling result: {text}"
            : throw new InputRequiredException(new Dictionary<string, InputRequest> { ["sample_request"] = Sample("What is the capital of France?", 100) }, requestState: null);

    [McpServerTool(Name = "test_input_required_result_list_roots"), Description("Asks for the client's roots through a roots/list input request.")]
    public static string ListRoots(RequestContext<CallToolRequestParams> context) =>
        RootCount(context.Params, "roots_request") is { } count
            ? $"Found {count} root(s)"
            : throw new InputRequiredException(new Dictionary<string, InputRequest> { ["roots_request"] = Roots() }, requestState: null);

    [McpServerTool(Name = "test_input_required_result_request_state"), Description("Asks for a confirmation and carries requestState across the round trip.")]
    public string RequestState(RequestContext<CallToolRequestParams> context)
    {
        var state = ReadState(context.Params);
        if (state?["kind"]?.GetValue<string>() == "request-state" && ElicitedBoolean(context.Params, "confirm", "ok") == true)
        {
            return "state-ok: requestState validated";
        }

        throw new InputRequiredException(
            new Dictionary<string, InputRequest> { ["confirm"] = AskConfirmation() },
            states.Protect(new JsonObject { ["kind"] = "request-state" }));
    }

    [McpServerTool(Name = "test_input_required_result_multiple_inputs"), Description("Asks for a name, a sampled greeting and the client's roots in one input-required result.")]
    public string MultipleInputs(RequestContext<CallToolRequestParams> context)
    {
        var state = ReadState(context.Params);
        if (state?["kind"]?.GetValue<string>() == "multiple-inputs"
            && ElicitedText(context.Params, "user_name", "name") is { } name
            && SampledText(context.Params, "greeting") is { } greeting
            && RootCount(context.Params, "client_roots") is { } roots)
        {
            return $"Name: {name}; Greeting: {greeting}; Roots: {roots}";
        }

        throw new InputRequiredException(
            new Dictionary<string, InputRequest>
            {
                ["user_name"] = AskName("What is your name?"),
                ["greeting"] = Sample("Generate a greeting", 50),
                ["client_roots"] = Roots(),
            },
            states.Protect(new JsonObject { ["kind"] = "multiple-inputs" }));
    }

    [McpServerTool(Name = "test_input_required_result_multi_round"), Description("Two rounds of input: a name, then a favourite colour, with evolving requestState.")]
    public string MultiRound(RequestContext<CallToolRequestParams> context)
    {
        var state = ReadState(context.Params);
        var round = state?["round"]?.GetValue<int>();
        if (round == 2 && ElicitedText(context.Params, "step2", "color") is { } color)
        {
            return $"Multi-round complete for {state!["name"]?.GetValue<string>()} who likes {color}";
        }

        if (round == 1 && ElicitedText(context.Params, "step1", "name") is { } name)
        {
            throw new InputRequiredException(
                new Dictionary<string, InputRequest> { ["step2"] = Ask("Step 2: What is your favorite color?", "color") },
                states.Protect(new JsonObject { ["round"] = 2, ["name"] = name }));
        }

        throw new InputRequiredException(
            new Dictionary<string, InputRequest> { ["step1"] = AskName("Step 1: What is your name?") },
            states.Protect(new JsonObject { ["round"] = 1 }));
    }

    [McpServerTool(Name = "test_input_required_result_tampered_state"), Description("Signs its requestState and rejects state that fails verification.")]
    public string TamperedState(RequestContext<CallToolRequestParams> context)
    {
        if (context.Params?.RequestState is { } raw)
        {
            // SEP-2322: state that fails integrity verification is a protocol error, not a new prompt.
            var state = states.Unprotect(raw) ?? throw new McpProtocolException("requestState integrity check failed", McpErrorCode.InvalidParams);
            if (state["kind"]?.GetValue<string>() == "tamper-test" && ElicitedBoolean(context.Params, "confirm", "ok") is not null)
            {
                return "integrity-ok: state verified";
            }
        }

        throw new InputRequiredException(
            new Dictionary<string, InputRequest> { ["confirm"] = AskConfirmation() },
            states.Protect(new JsonObject { ["kind"] = "tamper-test" }));
    }

    // SEP-2322: only ask for what the client declared it can answer.
    [McpServerTool(Name = "test_input_required_result_capabilities"), Description("Asks only for the inputs the client's declared capabilities allow.")]
    public string Capabilities(McpServer server, RequestContext<CallToolRequestParams> context)
    {
        if (context.Params?.InputResponses is { Count: > 0 } responses)
        {
            return $"capabilities-ok: received {string.Join(',', responses.Keys.Order(StringComparer.Ordinal))}";
        }

        var requests = new Dictionary<string, InputRequest>();
        if (server.ClientCapabilities?.Elicitation is not null)
        {
            requests["elicit_input"] = Ask("Elicitation input", "value");
        }

        if (server.ClientCapabilities?.Sampling is not null)
        {
            requests["sample_input"] = Sample("Sample request", 50);
        }

        return requests.Count == 0
            ? "No supported capabilities declared"
            : throw new InputRequiredException(requests, states.Protect(new JsonObject { ["kind"] = "capabilities-test" }));
    }

    internal static InputRequest Ask(string message, string field) => InputRequest.ForElicitation(new ElicitRequestParams
    {
        Message = message,
        RequestedSchema = new ElicitRequestParams.RequestSchema
        {
            Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> { [field] = new ElicitRequestParams.StringSchema() },
            Required = [field],
        },
    });

    internal static string? ElicitedText(RequestParams? parameters, string key, string field) =>
        AcceptedContent(parameters, key) is { } content && content.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static InputRequest AskName(string message) => Ask(message, "name");

    private static InputRequest AskConfirmation() => InputRequest.ForElicitation(new ElicitRequestParams
    {
        Message = "Please confirm",
        RequestedSchema = new ElicitRequestParams.RequestSchema
        {
            Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> { ["ok"] = new ElicitRequestParams.BooleanSchema() },
            Required = ["ok"],
        },
    });

    private static InputRequest Sample(string prompt, int maxTokens) => InputRequest.ForSampling(new CreateMessageRequestParams
    {
        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
        MaxTokens = maxTokens,
    });

    private static InputRequest Roots() => InputRequest.ForRootsList(new ListRootsRequestParams());

    private JsonObject? ReadState(RequestParams? parameters) => states.Unprotect(parameters?.RequestState);

    // A response that is missing, not an object, or not an accepted elicitation counts as not given: the tool asks again.
    private static JsonElement? AcceptedContent(RequestParams? parameters, string key) =>
        Response(parameters, key) is { } response
        && response.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String && action.GetString() == "accept"
        && response.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            ? content
            : null;

    private static bool? ElicitedBoolean(RequestParams? parameters, string key, string field) =>
        AcceptedContent(parameters, key) is { } content && content.TryGetProperty(field, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    private static string? SampledText(RequestParams? parameters, string key) =>
        Response(parameters, key) is { } response
        && response.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
        && content.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    private static int? RootCount(RequestParams? parameters, string key) =>
        Response(parameters, key) is { } response && response.TryGetProperty("roots", out var roots) && roots.ValueKind == JsonValueKind.Array
            ? roots.GetArrayLength()
            : null;

    private static JsonElement? Response(RequestParams? parameters, string key) =>
        parameters?.InputResponses is { } responses && responses.TryGetValue(key, out var response) && response?.RawValue.ValueKind == JsonValueKind.Object
            ? response.RawValue
            : null;
}
#pragma warning restore MCP9005
