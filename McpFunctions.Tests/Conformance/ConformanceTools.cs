using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// The tools <c>@modelcontextprotocol/conformance</c> calls by name, written as ordinary SDK tools so the
/// suite exercises the same invocation path as shipped tools. Texts follow the scenarios' descriptions.
/// </summary>
// Sampling and logging are deprecated by 2026-07-28 (SEP-2577, MCP9005) and SEP-1330's legacy enumNames shape
// by 2025-11-25 (MCP9001), but they are exactly what the legacy-era scenarios exercise.
#pragma warning disable MCP9001, MCP9005
[McpServerToolType]
internal sealed class ConformanceTools(TimeProvider time)
{
    /// <summary>The pause between notifications the scenarios ask for, so a client sees them arrive separately.</summary>
    private static readonly TimeSpan NotificationGap = TimeSpan.FromMilliseconds(50);

    [McpServerTool(Name = "test_simple_text"), Description("Returns a fixed text content block.")]
    public static string SimpleText() => "This is a simple text response for testing.";

    [McpServerTool(Name = "test_image_content"), Description("Returns a 1x1 PNG image content block.")]
    public static ImageContentBlock ImageContent() => ImageContentBlock.FromBytes(ConformanceMedia.Png, ConformanceMedia.PngMimeType);

    [McpServerTool(Name = "test_audio_content"), Description("Returns a short silent WAV audio content block.")]
    public static AudioContentBlock AudioContent() => AudioContentBlock.FromBytes(ConformanceMedia.Wav, ConformanceMedia.WavMimeType);

    [McpServerTool(Name = "test_embedded_resource"), Description("Returns an embedded text resource.")]
    public static EmbeddedResourceBlock EmbeddedResource() => new()
    {
        Resource = new TextResourceContents
        {
            Uri = "test://embedded-resource",
            MimeType = "text/plain",
            Text = "This is an embedded resource content.",
        },
    };

    [McpServerTool(Name = "test_multiple_content_types"), Description("Returns text, image and embedded resource content together.")]
    public static IEnumerable<ContentBlock> MultipleContentTypes() =>
    [
        new TextContentBlock { Text = "Multiple content types test:" },
        ImageContentBlock.FromBytes(ConformanceMedia.Png, ConformanceMedia.PngMimeType),
        new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents
            {
                Uri = "test://mixed-content-resource",
                MimeType = "application/json",
                Text = """{"test":"data","value":123}""",
            },
        },
    ];

    [McpServerTool(Name = "test_tool_with_logging"), Description("Sends three info log notifications while it runs.")]
    public async Task<string> ToolWithLogging(McpServer server, CancellationToken cancellationToken)
    {
        await LogAsync(server, "Tool execution started", cancellationToken);
        await Task.Delay(NotificationGap, time, cancellationToken);
        await LogAsync(server, "Tool processing data", cancellationToken);
        await Task.Delay(NotificationGap, time, cancellationToken);
        await LogAsync(server, "Tool execution completed", cancellationToken);
        return "Tool with logging executed successfully";
    }

    [McpServerTool(Name = "test_tool_with_progress"), Description("Reports progress 0, 50 and 100 of 100 while it runs.")]
    public async Task<string> ToolWithProgress(IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        for (var step = 0; step <= 100; step += 50)
        {
            if (step > 0)
            {
                await Task.Delay(NotificationGap, time, cancellationToken);
            }

            progress.Report(new ProgressNotificationValue { Progress = step, Total = 100, Message = $"Completed step {step} of 100" });
        }

        return "Progress reported: 0, 50, 100 of 100";
    }

    [McpServerTool(Name = "test_error_handling"), Description("Always fails, to test tool error reporting.")]
    public static string ErrorHandling() =>
        throw new McpException("This tool intentionally returns an error for testing");

    [McpServerTool(Name = "test_sampling"), Description("Asks the client's LLM (sampling/createMessage) and returns its answer.")]
    public static async Task<string> Sampling(
        McpServer server,
        [Description("The prompt to send to the LLM")] string prompt,
        CancellationToken cancellationToken)
    {
        var result = await server.SampleAsync(
            new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = 100,
            },
            cancellationToken);
        var text = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "(no text)";
        return $"LLM response: {text}";
    }

    [McpServerTool(Name = "test_elicitation"), Description("Asks the user for a username and email (elicitation/create).")]
    public static async Task<string> Elicitation(
        McpServer server,
        [Description("The message to show the user")] string message,
        CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = message,
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["username"] = new ElicitRequestParams.StringSchema { Description = "User's response" },
                        ["email"] = new ElicitRequestParams.StringSchema { Description = "User's email address" },
                    },
                    Required = ["username", "email"],
                },
            },
            cancellationToken);
        return $"User response: {Describe(result)}";
    }

    // SEP-1034: every primitive type carries a default.
    [McpServerTool(Name = "test_elicitation_sep1034_defaults"), Description("Elicits a form whose fields all have defaults (SEP-1034).")]
    public static async Task<string> ElicitationDefaults(McpServer server, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = "Please review and update the form fields with defaults",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["name"] = new ElicitRequestParams.StringSchema { Description = "User name", Default = "John Doe" },
                        ["age"] = new ElicitRequestParams.NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                        ["score"] = new ElicitRequestParams.NumberSchema { Description = "User score", Default = 95.5 },
                        ["status"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                        {
                            Description = "User status",
                            Enum = ["active", "inactive", "pending"],
                            Default = "active",
                        },
                        ["verified"] = new ElicitRequestParams.BooleanSchema { Description = "Verification status", Default = true },
                    },
                    Required = [],
                },
            },
            cancellationToken);
        return $"Elicitation completed: {Describe(result)}";
    }

    // SEP-1330: the five enum shapes (untitled/titled single, legacy enumNames, untitled/titled multi).
    [McpServerTool(Name = "test_elicitation_sep1330_enums"), Description("Elicits a form with every enum schema variant (SEP-1330).")]
    public static async Task<string> ElicitationEnums(McpServer server, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = "Please select options from the enum fields",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["untitledSingle"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                        {
                            Description = "Select one option",
                            Enum = ["option1", "option2", "option3"],
                        },
                        ["titledSingle"] = new ElicitRequestParams.TitledSingleSelectEnumSchema
                        {
                            Description = "Select one option with titles",
                            OneOf = Options(("value1", "First Option"), ("value2", "Second Option"), ("value3", "Third Option")),
                        },
                        ["legacyEnum"] = new ElicitRequestParams.LegacyTitledEnumSchema
                        {
                            Description = "Select one option (legacy)",
                            Enum = ["opt1", "opt2", "opt3"],
                            EnumNames = ["Option One", "Option Two", "Option Three"],
                        },
                        ["untitledMulti"] = new ElicitRequestParams.UntitledMultiSelectEnumSchema
                        {
                            Description = "Select multiple options",
                            MinItems = 1,
                            MaxItems = 3,
                            Items = new ElicitRequestParams.UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
                        },
                        ["titledMulti"] = new ElicitRequestParams.TitledMultiSelectEnumSchema
                        {
                            Description = "Select multiple options with titles",
                            MinItems = 1,
                            MaxItems = 3,
                            Items = new ElicitRequestParams.TitledEnumItemsSchema
                            {
                                AnyOf = Options(("value1", "First Choice"), ("value2", "Second Choice"), ("value3", "Third Choice")),
                            },
                        },
                    },
                    Required = [],
                },
            },
            cancellationToken);
        return $"Elicitation completed: {Describe(result)}";
    }

    // 2026-07-28 "Missing Required Client Capability": a tool that needs sampling must refuse with -32021
    // when the client did not declare it, naming the capability in error.data.requiredCapabilities.
    [McpServerTool(Name = "test_missing_capability"), Description("Needs the client's sampling capability; fails with -32021 without it.")]
    public static string MissingCapability(McpServer server) =>
        server.ClientCapabilities?.Sampling is null
            ? throw new MissingRequiredClientCapabilityException(new ClientCapabilities { Sampling = new SamplingCapability() })
            : "Success";

    // 2026-07-28 (SEP-2575) diagnostic: a response stream may carry notifications for its request, never
    // requests of its own; the tool needs elicitation, so without it the call is -32021.
    [McpServerTool(Name = "test_streaming_elicitation"), Description("Reports progress on its response stream; needs the client's elicitation capability.")]
    public static string StreamingElicitation(McpServer server, IProgress<ProgressNotificationValue> progress)
    {
        if (server.ClientCapabilities?.Elicitation is null)
        {
            throw new MissingRequiredClientCapabilityException(new ClientCapabilities { Elicitation = new ElicitationCapability() });
        }

        progress.Report(new ProgressNotificationValue { Progress = 50, Total = 100, Message = "Halfway" });
        return "Streaming complete";
    }

    // 2026-07-28 (SEP-2575) diagnostic: the tool always logs; the transport must drop the notification
    // unless the request's _meta names a log level.
    [McpServerTool(Name = "test_logging_tool"), Description("Sends one info log notification; the server forwards it only when the request sets a log level.")]
    public static async Task<string> LoggingTool(McpServer server, CancellationToken cancellationToken)
    {
        await LogAsync(server, "Diagnostic trace logging activated", cancellationToken);
        return "Logging evaluated";
    }

    private static Task LogAsync(McpServer server, string message, CancellationToken cancellationToken) =>
        server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams
            {
                Level = LoggingLevel.Info,
                Logger = "conformance-fixtures",
                Data = JsonSerializer.SerializeToElement(message, ConformanceJson.Default.String),
            },
            cancellationToken: cancellationToken);

    private static List<ElicitRequestParams.EnumSchemaOption> Options(params (string Const, string Title)[] options) =>
        [.. options.Select(o => new ElicitRequestParams.EnumSchemaOption { Const = o.Const, Title = o.Title })];

    private static string Describe(ElicitResult result) =>
        $"action={result.Action}, content={JsonSerializer.Serialize(result.Content ?? new Dictionary<string, JsonElement>(), ConformanceJson.Default.IDictionaryStringJsonElement)}";
}
#pragma warning restore MCP9001, MCP9005
