using McpFunctions.Completions;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Completions;

/// <summary>MCP server/utilities/completion: values by prefix, at most 100, total/hasMore, -32602 for unknown references.</summary>
public sealed class CompletionProviderTests
{
    private static readonly McpServerPrompt TravelPrompt = McpServerPrompt.Create((string city, string month) => $"{city} in {month}", new() { Name = "travel" });

    private static readonly McpServerResource CityTemplate = McpServerResource.Create((string city) => city, new() { UriTemplate = "test://cities/{city}", Name = "city" });

    [Fact]
    public async Task PromptArgument_ReturnsTheSourcesValues_StartingWithTheTypedPrefix_IgnoringCase()
    {
        using var services = Build(s => s.AddMcpCompletionSource(CompletionTarget.ForPrompt("travel", "city"), "Paris", "Prague", "Lisbon", "paris"));

        var result = await Complete(services, new PromptReference { Name = "travel" }, "city", "pa");

        Assert.Equal(["Paris", "paris"], result.Completion.Values);
        Assert.Equal(2, result.Completion.Total);
        Assert.False(result.Completion.HasMore);
    }

    [Fact]
    public async Task ManyMatches_AreCappedAt100_WithTotalAndHasMore()
    {
        var values = Enumerable.Range(0, 150).Select(i => $"item-{i:D3}").ToArray();
        using var services = Build(s => s.AddMcpCompletionSource(CompletionTarget.ForPrompt("travel", "city"), values));

        var result = await Complete(services, new PromptReference { Name = "travel" }, "city", "item-");

        Assert.Equal(100, result.Completion.Values.Count);
        Assert.Equal("item-000", result.Completion.Values[0]);
        Assert.Equal(150, result.Completion.Total);
        Assert.True(result.Completion.HasMore);
    }

    [Fact]
    public async Task KnownPrompt_WithoutASourceForTheArgument_AnswersAnEmptyList()
    {
        using var services = Build(s => s.AddMcpCompletionSource(CompletionTarget.ForPrompt("travel", "city"), "Paris"));

        var result = await Complete(services, new PromptReference { Name = "travel" }, "month", "");

        Assert.Empty(result.Completion.Values);
        Assert.Equal(0, result.Completion.Total);
        Assert.False(result.Completion.HasMore);
    }

    [Fact]
    public async Task UnknownPrompt_IsInvalidParams()
    {
        using var services = Build(_ => { });

        var exception = await Assert.ThrowsAsync<McpProtocolException>(() => Complete(services, new PromptReference { Name = "nope" }, "city", "p"));

        Assert.Equal(McpErrorCode.InvalidParams, exception.ErrorCode);
        Assert.Contains("nope", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateVariable_IsCompletedFromItsSource_WhichSeesTheResolvedArguments()
    {
        CompleteRequestParams? seen = null;
        using var services = Build(s => s.AddMcpCompletionSource(
            CompletionTarget.ForResourceTemplate("test://cities/{city}", "city"),
            (request, _) =>
            {
                seen = request;
                return ValueTask.FromResult<IEnumerable<string>>(["Oslo", "Osaka", "Rome"]);
            }));

        var result = await Complete(services, new ResourceTemplateReference { Uri = "test://cities/{city}" }, "city", "Os", new Dictionary<string, string> { ["country"] = "NO" });

        Assert.Equal(["Oslo", "Osaka"], result.Completion.Values);
        Assert.Equal("NO", seen!.Context!.Arguments!["country"]);
    }

    [Theory]
    [InlineData("test://cities/oslo")]
    [InlineData("test://static")]
    [InlineData("test://unknown/{x}")]
    public async Task ResourceReference_ThatIsNotARegisteredTemplate_IsInvalidParams(string uri)
    {
        using var services = Build(_ => { });

        var exception = await Assert.ThrowsAsync<McpProtocolException>(() => Complete(services, new ResourceTemplateReference { Uri = uri }, "city", ""));

        Assert.Equal(McpErrorCode.InvalidParams, exception.ErrorCode);
    }

    [Fact]
    public async Task TwoSourcesForOneArgument_FailOnFirstUse()
    {
        using var services = Build(s => s
            .AddMcpCompletionSource(CompletionTarget.ForPrompt("travel", "city"), "a")
            .AddMcpCompletionSource(CompletionTarget.ForPrompt("travel", "city"), "b"));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => Complete(services, new PromptReference { Name = "travel" }, "city", ""));

        Assert.Contains("ref/prompt 'travel' argument 'city'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceType_IsCreatedFromDependencyInjection()
    {
        using var services = Build(s => s.AddSingleton(new MonthNames(["January", "June", "July"]))
            .AddMcpCompletionSource<MonthSource>(CompletionTarget.ForPrompt("travel", "month")));

        var result = await Complete(services, new PromptReference { Name = "travel" }, "month", "ju");

        Assert.Equal(["June", "July"], result.Completion.Values);
    }

    [Fact]
    public void HasCompletions_WhenPromptsOrTemplatesExist_NotForDirectResourcesAlone()
    {
        using var none = new ServiceCollection().AddMcpCompletionProvider().BuildServiceProvider();
        using var directOnly = new ServiceCollection().AddMcpCompletionProvider()
            .AddMcpResource(McpServerResource.Create(() => "x", new() { UriTemplate = "test://static", Name = "static" })).BuildServiceProvider();
        using var template = new ServiceCollection().AddMcpCompletionProvider().AddMcpResource(CityTemplate).BuildServiceProvider();
        using var prompt = new ServiceCollection().AddMcpCompletionProvider().AddMcpPrompt(TravelPrompt).BuildServiceProvider();

        Assert.False(none.GetRequiredService<CompletionProvider>().HasCompletions);
        Assert.False(directOnly.GetRequiredService<CompletionProvider>().HasCompletions);
        Assert.True(template.GetRequiredService<CompletionProvider>().HasCompletions);
        Assert.True(prompt.GetRequiredService<CompletionProvider>().HasCompletions);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddMcpPrompt(TravelPrompt);
        services.AddMcpResource(CityTemplate);
        services.AddMcpResource(McpServerResource.Create(() => "static", new() { UriTemplate = "test://static", Name = "static" }));
        services.AddMcpCompletionProvider();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static Task<CompleteResult> Complete(IServiceProvider services, Reference reference, string argument, string value, IDictionary<string, string>? context = null) =>
        services.GetRequiredService<CompletionProvider>().CompleteAsync(Request(reference, argument, value, context), CancellationToken.None).AsTask();

    private static CompleteRequestParams Request(Reference reference, string argument, string value, IDictionary<string, string>? context = null) => new()
    {
        Ref = reference,
        Argument = new Argument { Name = argument, Value = value },
        Context = context is null ? null : new CompleteContext { Arguments = context },
    };

    internal sealed record MonthNames(IReadOnlyList<string> Values);

    internal sealed class MonthSource(MonthNames months) : ICompletionSource
    {
        public ValueTask<IEnumerable<string>> GetCandidatesAsync(CompleteRequestParams request, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IEnumerable<string>>(months.Values);
    }
}
