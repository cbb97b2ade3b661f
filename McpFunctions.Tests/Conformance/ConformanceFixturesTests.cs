using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Completions;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

// Logging and sampling are deprecated by 2026-07-28 (SEP-2577, MCP9005) but are what these fixtures exercise.
#pragma warning disable MCP9005

/// <summary>
/// The fixtures behave as the conformance scenarios describe them, checked here through the SDK without a
/// transport, so a conformance failure points at the server rather than at the fixture.
/// </summary>
public sealed class ConformanceFixturesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSingleton(TimeProvider.System)
        .AddConformanceFixtures()
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Fixtures_RegisterEveryNameTheSuiteCalls_EachWithADescription()
    {
        var tools = _services.GetRequiredService<McpToolRegistry>().ProtocolTools;
        var resources = _services.GetRequiredService<ResourceRegistry>();
        var prompts = _services.GetRequiredService<PromptRegistry>().Prompts;

        Assert.Superset(
            new HashSet<string>(
            [
                "test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource", "test_multiple_content_types",
                "test_tool_with_logging", "test_tool_with_progress", "test_error_handling", "test_sampling", "test_elicitation",
                "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums", "test_missing_capability",
                "test_streaming_elicitation", "test_logging_tool", "test_input_required_result_elicitation",
                "test_input_required_result_sampling", "test_input_required_result_list_roots", "test_input_required_result_request_state",
                "test_input_required_result_multiple_inputs", "test_input_required_result_multi_round",
                "test_input_required_result_tampered_state", "test_input_required_result_capabilities",
                "json_schema_2020_12_tool",
            ]),
            tools.Select(t => t.Name).ToHashSet());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), t.Name));
        Assert.Equal(
            ["test://example-resource", "test://static-binary", "test://static-text", "test://watched-resource"],
            resources.Resources.Select(r => r.Uri));
        Assert.All(resources.Resources, r => Assert.False(string.IsNullOrWhiteSpace(r.Description), r.Uri));
        Assert.Equal("test://template/{id}/data", Assert.Single(resources.Templates).UriTemplate);
        Assert.Equal(
            ["test_input_required_result_prompt", "test_prompt_with_arguments", "test_prompt_with_embedded_resource", "test_prompt_with_image", "test_simple_prompt"],
            prompts.Select(p => p.Name));
        Assert.All(prompts, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name));
    }

    [Fact]
    public void Media_AreAValidPngAndAValidPcmWav()
    {
        var png = ConformanceMedia.Png;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);

        var wav = ConformanceMedia.Wav;
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
        Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal("WAVE"u8.ToArray(), wav[8..12]);
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(wav.Length - 44, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
    }

    [Fact]
    public async Task ToolWithLogging_SendsThreeInfoMessages_InOrder()
    {
        await using var server = new RecordingMcpServer(_services);

        var result = await CallAsync(server, "test_tool_with_logging");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(
            ["Tool execution started", "Tool processing data", "Tool execution completed"],
            server.Notifications.Select(n =>
            {
                Assert.Equal(NotificationMethods.LoggingMessageNotification, n.Method);
                Assert.Equal("info", (string?)n.Params!["level"]);
                return (string?)n.Params["data"];
            }));
    }

    [Fact]
    public async Task ToolWithProgress_Reports0_50_100_Of100_OnTheCallersToken()
    {
        await using var server = new RecordingMcpServer(_services);

        await CallAsync(server, "test_tool_with_progress", progressToken: "p-1");

        var progress = server.Notifications.Where(n => n.Method == NotificationMethods.ProgressNotification).ToList();
        Assert.Equal([0d, 50d, 100d], progress.Select(n => (double)n.Params!["progress"]!));
        Assert.All(progress, n => Assert.Equal(100d, (double)n.Params!["total"]!));
        Assert.All(progress, n => Assert.Equal("p-1", (string?)n.Params!["progressToken"]));
    }

    [Fact]
    public async Task ErrorHandling_FailsWithItsMessage()
    {
        await using var server = new RecordingMcpServer(_services);

        var exception = await Assert.ThrowsAsync<McpException>(() => CallAsync(server, "test_error_handling"));

        Assert.Equal("This tool intentionally returns an error for testing", exception.Message);
    }

    [Fact]
    public async Task MissingCapability_IsMinus32021NamingSampling_UnlessTheClientDeclaredIt()
    {
        await using var without = new RecordingMcpServer(_services, new ClientCapabilities());
        await using var with = new RecordingMcpServer(_services, new ClientCapabilities { Sampling = new SamplingCapability() });

        var exception = await Assert.ThrowsAsync<MissingRequiredClientCapabilityException>(() => CallAsync(without, "test_missing_capability"));
        var result = await CallAsync(with, "test_missing_capability");

        Assert.Equal(McpErrorCode.MissingRequiredClientCapability, exception.ErrorCode);
        Assert.NotNull(exception.RequiredCapabilities.Sampling);
        Assert.Equal("Success", Text(result));
    }

    [Fact]
    public async Task InputRequiredElicitation_AsksForTheName_ThenGreets_AndAsksAgainForAMalformedAnswer()
    {
        await using var server = new RecordingMcpServer(_services);

        var first = await Assert.ThrowsAsync<InputRequiredException>(() => CallAsync(server, "test_input_required_result_elicitation"));
        var malformed = await Assert.ThrowsAsync<InputRequiredException>(() => CallAsync(
            server, "test_input_required_result_elicitation", inputResponses: """{"user_name": 12345}"""));
        var answered = await CallAsync(
            server, "test_input_required_result_elicitation", inputResponses: """{"user_name": {"action": "accept", "content": {"name": "Ada"}}}""");

        var request = Assert.Single(first.Result.InputRequests!);
        Assert.Equal("user_name", request.Key);
        Assert.Equal(RequestMethods.ElicitationCreate, request.Value.Method);
        Assert.Equal("user_name", Assert.Single(malformed.Result.InputRequests!).Key);
        Assert.Equal("Hello, Ada!", Text(answered));
    }

    [Fact]
    public async Task InputRequiredMultiRound_CarriesTheNameInSignedState_AcrossTwoRounds()
    {
        await using var server = new RecordingMcpServer(_services);

        var round1 = await Assert.ThrowsAsync<InputRequiredException>(() => CallAsync(server, "test_input_required_result_multi_round"));
        var round2 = await Assert.ThrowsAsync<InputRequiredException>(() => CallAsync(
            server, "test_input_required_result_multi_round", """{"step1": {"action": "accept", "content": {"name": "Ada"}}}""", round1.Result.RequestState));
        var done = await CallAsync(
            server, "test_input_required_result_multi_round", """{"step2": {"action": "accept", "content": {"color": "green"}}}""", round2.Result.RequestState);

        Assert.Equal("step1", Assert.Single(round1.Result.InputRequests!).Key);
        Assert.Equal("step2", Assert.Single(round2.Result.InputRequests!).Key);
        Assert.NotEqual(round1.Result.RequestState, round2.Result.RequestState);
        Assert.Equal("Multi-round complete for Ada who likes green", Text(done));
    }

    [Fact]
    public async Task InputRequiredTamperedState_IsRejectedAsInvalidParams_WhileTheIssuedStateVerifies()
    {
        await using var server = new RecordingMcpServer(_services);
        const string Confirmed = """{"confirm": {"action": "accept", "content": {"ok": true}}}""";
        var issued = (await Assert.ThrowsAsync<InputRequiredException>(() => CallAsync(server, "test_input_required_result_tampered_state"))).Result.RequestState!;

        var tampered = await Assert.ThrowsAsync<McpProtocolException>(() => CallAsync(server, "test_input_required_result_tampered_state", Confirmed, issued + "-TAMPERED"));
        var verified = await CallAsync(server, "test_input_required_result_tampered_state", Confirmed, issued);

        Assert.Equal(McpErrorCode.InvalidParams, tampered.ErrorCode);
        Assert.Equal("integrity-ok: state verified", Text(verified));
    }

    [Fact]
    public async Task InputRequiredCapabilities_AsksOnlyForWhatTheClientDeclared()
    {
        await using var server = new RecordingMcpServer(_services, new ClientCapabilities { Sampling = new SamplingCapability() });

        var exception = await Assert.ThrowsAsync<InputRequiredException>(() => CallAsync(server, "test_input_required_result_capabilities"));

        Assert.Equal(RequestMethods.SamplingCreateMessage, Assert.Single(exception.Result.InputRequests!).Value.Method);
    }

    [Fact]
    public async Task Completion_OffersArg1ValuesStartingWithTheTypedPrefix()
    {
        var provider = _services.GetRequiredService<CompletionProvider>();

        var result = await provider.CompleteAsync(
            new CompleteRequestParams { Ref = new PromptReference { Name = "test_prompt_with_arguments" }, Argument = new Argument { Name = "arg1", Value = "test" } },
            CancellationToken.None);

        Assert.Equal(["test", "test-value-1", "test-value-2", "testing"], result.Completion.Values);
    }

    private async Task<CallToolResult> CallAsync(
        McpServer server,
        string name,
        string? inputResponses = null,
        string? requestState = null,
        string? progressToken = null)
    {
        Assert.True(_services.GetRequiredService<McpToolRegistry>().TryGet(name, out var tool), name);
        var parameters = new CallToolRequestParams
        {
            Name = name,
            InputResponses = inputResponses is null ? null : JsonSerializer.Deserialize<Dictionary<string, InputResponse>>(inputResponses, McpJsonUtilities.DefaultOptions),
            RequestState = requestState,
            Meta = progressToken is null ? null : new JsonObject { ["progressToken"] = progressToken },
        };

        var request = new JsonRpcRequest { Id = new RequestId(1), Method = RequestMethods.ToolsCall };
        return await tool.Tool.InvokeAsync(new RequestContext<CallToolRequestParams>(server, request, parameters) { Services = _services }, CancellationToken.None);
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
#pragma warning restore MCP9005
