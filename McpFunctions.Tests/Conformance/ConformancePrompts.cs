using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

/// <summary>The prompts <c>@modelcontextprotocol/conformance</c> gets by name.</summary>
[McpServerPromptType]
internal sealed class ConformancePrompts
{
    [McpServerPrompt(Name = "test_simple_prompt", Title = "Simple Test Prompt"), Description("A simple prompt without arguments")]
    public static PromptMessage SimplePrompt() => UserText("This is a simple prompt for testing.");

    [McpServerPrompt(Name = "test_prompt_with_arguments", Title = "Prompt With Arguments"), Description("A prompt with required arguments")]
    public static PromptMessage PromptWithArguments(
        [Description("First test argument")] string arg1,
        [Description("Second test argument")] string arg2) =>
        UserText($"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'");

    [McpServerPrompt(Name = "test_prompt_with_embedded_resource", Title = "Prompt With Embedded Resource")]
    [Description("A prompt that includes an embedded resource")]
    public static IEnumerable<PromptMessage> PromptWithEmbeddedResource([Description("URI of the resource to embed")] string resourceUri) =>
    [
        new PromptMessage
        {
            Role = Role.User,
            Content = new EmbeddedResourceBlock
            {
                Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." },
            },
        },
        UserText("Please process the embedded resource above."),
    ];

    [McpServerPrompt(Name = "test_prompt_with_image", Title = "Prompt With Image"), Description("A prompt that includes image content")]
    public static IEnumerable<PromptMessage> PromptWithImage() =>
    [
        new PromptMessage { Role = Role.User, Content = ImageContentBlock.FromBytes(ConformanceMedia.Png, ConformanceMedia.PngMimeType) },
        UserText("Please analyze the image above."),
    ];

    // 2026-07-28 (SEP-2322): input-required results are not only for tools.
    [McpServerPrompt(Name = "test_input_required_result_prompt", Title = "Prompt Requiring Input")]
    [Description("A prompt that asks the user for context through an input-required result")]
    public static PromptMessage InputRequiredPrompt(RequestContext<GetPromptRequestParams> context) =>
        ConformanceInputRequiredTools.ElicitedText(context.Params, "user_context", "context") is { } userContext
            ? UserText($"Prompt with context: {userContext}")
            : throw new InputRequiredException(
                new Dictionary<string, InputRequest> { ["user_context"] = ConformanceInputRequiredTools.Ask("What context should the prompt use?", "context") },
                requestState: null);

    private static PromptMessage UserText(string text) => new() { Role = Role.User, Content = new TextContentBlock { Text = text } };
}
