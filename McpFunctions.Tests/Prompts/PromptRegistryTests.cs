using System.ComponentModel;
using McpFunctions.Prompts;
using McpFunctions.Tests.Conformance;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Prompts;

public sealed class PromptRegistryTests
{
    [Fact]
    public void AddMcpPrompts_ListsPromptsByName_WithDescriptionsAndArguments()
    {
        using var services = Build(s => s.AddMcpPrompts<ReviewPrompts>());
        var registry = services.GetRequiredService<PromptRegistry>();

        Assert.True(registry.HasPrompts);
        Assert.Equal(["a_summary", "code_review"], registry.Prompts.Select(p => p.Name));
        var review = registry.Prompts.Single(p => p.Name == "code_review");
        Assert.Equal("Reviews code in a language", review.Description);
        Assert.Equal(["language", "strict"], review.Arguments!.Select(a => a.Name));
        Assert.Equal([true, false], review.Arguments!.Select(a => a.Required == true));
        Assert.Equal("The programming language", review.Arguments![0].Description);
    }

    [Fact]
    public async Task TryGet_FindsThePrompt_WhichRendersItsArguments()
    {
        using var services = Build(s => s.AddSingleton(new Reviewer("Ada")).AddMcpPrompts<ReviewPrompts>());
        var registry = services.GetRequiredService<PromptRegistry>();

        Assert.True(registry.TryGet("code_review", out var prompt));
        var result = await GetAsync(services, prompt, new() { ["language"] = "C#" });

        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.Equal("Ada, review this C# code (strict: False).", Assert.IsType<TextContentBlock>(message.Content).Text);
    }

    [Fact]
    public void TryGet_ReturnsFalse_ForAnUnknownName()
    {
        using var services = Build(s => s.AddMcpPrompts<ReviewPrompts>());

        Assert.False(services.GetRequiredService<PromptRegistry>().TryGet("no_such_prompt", out _));
    }

    [Fact]
    public void DuplicateName_FailsOnFirstUse_NamingThePrompt()
    {
        var one = McpServerPrompt.Create(() => "one", new() { Name = "same" });
        var two = McpServerPrompt.Create(() => "two", new() { Name = "same" });
        using var services = Build(s => s.AddMcpPrompt(one).AddMcpPrompt(two));
        var registry = services.GetRequiredService<PromptRegistry>();

        var exception = Assert.Throws<InvalidOperationException>(() => registry.Prompts);

        Assert.Contains("'same'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_IsBuiltOnFirstUse_NotWhenResolved()
    {
        var builds = 0;
        var registration = new PromptRegistration(_ =>
        {
            builds++;
            return [McpServerPrompt.Create(() => "x", new() { Name = "x" })];
        });
        using var services = new ServiceCollection().BuildServiceProvider();
        var registry = new PromptRegistry([registration], services);

        Assert.True(registry.HasPrompts);
        Assert.Equal(0, builds);
        Assert.True(registry.TryGet("x", out _));
        Assert.Single(registry.Prompts);
        Assert.Equal(1, builds);
    }

    [Fact]
    public void NoRegistrations_DeclareNoPrompts()
    {
        using var services = Build(s => s.AddMcpPromptRegistry().AddMcpPromptRegistry());

        var registry = services.GetRequiredService<PromptRegistry>();

        Assert.False(registry.HasPrompts);
        Assert.Empty(registry.Prompts);
    }

    [Fact]
    public void AddMcpPrompts_RefusesATypeWithoutThePromptTypeAttribute()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMcpPrompts<Reviewer>());

        Assert.Contains("[McpServerPromptType]", exception.Message, StringComparison.Ordinal);
    }

    internal static async Task<GetPromptResult> GetAsync(IServiceProvider services, McpServerPrompt prompt, Dictionary<string, object?> arguments)
    {
        await using var server = new RecordingMcpServer(services);
        var request = new JsonRpcRequest { Id = new RequestId(1), Method = RequestMethods.PromptsGet };
        var parameters = new GetPromptRequestParams
        {
            Name = prompt.ProtocolPrompt.Name,
            Arguments = arguments.ToDictionary(a => a.Key, a => System.Text.Json.JsonSerializer.SerializeToElement(a.Value?.ToString())),
        };
        return await prompt.GetAsync(new RequestContext<GetPromptRequestParams>(server, request, parameters) { Services = services }, CancellationToken.None);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider();
    }

    internal sealed record Reviewer(string Name);

    [McpServerPromptType]
    internal sealed class ReviewPrompts(Reviewer reviewer)
    {
        [McpServerPrompt(Name = "code_review"), Description("Reviews code in a language")]
        public string Review([Description("The programming language")] string language, bool strict = false) =>
            $"{reviewer.Name}, review this {language} code (strict: {strict}).";

        [McpServerPrompt(Name = "a_summary"), Description("Summarises")]
        public static string Summary() => "Summarise.";
    }
}
