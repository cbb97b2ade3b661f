using McpFunctions.Completions;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using McpFunctions.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace McpFunctions.Tests.Conformance;

/// <summary>
/// Test configuration only: the tools, resources, prompts and completion values that
/// <c>@modelcontextprotocol/conformance</c> asks for by name. Never part of a default deployment; the
/// conformance suite tests add them with <c>TestApp.StartAsync(configureServices: s => s.AddConformanceFixtures())</c>.
/// </summary>
internal static class ConformanceFixtures
{
    /// <summary>Values offered for <c>test_prompt_with_arguments</c>'s <c>arg1</c>; the suite types the prefix "test".</summary>
    public static readonly string[] Arg1Values = ["test", "test-value-1", "test-value-2", "testing", "example"];

    public static IServiceCollection AddConformanceFixtures(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ConformanceRequestState>();
        services.AddMcpTools<ConformanceTools>();
        services.AddMcpTools<ConformanceInputRequiredTools>();
        services.AddMcpTool(ConformanceSchemaTool.Create());
        services.AddMcpResources<ConformanceResources>();
        services.AddMcpPrompts<ConformancePrompts>();
        services.AddMcpCompletionSource(CompletionTarget.ForPrompt("test_prompt_with_arguments", "arg1"), Arg1Values);
        return services;
    }
}
