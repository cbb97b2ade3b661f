using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Server;

namespace McpFunctions.Prompts;

/// <summary>
/// Prompt registration. A prompt is a method marked with the official C# SDK's <c>[McpServerPrompt]</c>
/// on a <c>[McpServerPromptType]</c> class (so prompts written for the SDK drop in); one line registers a class.
/// </summary>
internal static class PromptServiceCollectionExtensions
{
    private const DynamicallyAccessedMemberTypes PromptTypeMembers =
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors;

    /// <summary>Registers every <c>[McpServerPrompt]</c> method of <typeparamref name="TPrompts"/>; instances come from DI per request.</summary>
    public static IServiceCollection AddMcpPrompts<[DynamicallyAccessedMembers(PromptTypeMembers)] TPrompts>(this IServiceCollection services)
        where TPrompts : class
    {
        ArgumentNullException.ThrowIfNull(services);
        if (typeof(TPrompts).GetCustomAttribute<McpServerPromptTypeAttribute>() is null)
        {
            throw new InvalidOperationException($"{typeof(TPrompts).Name} is not marked [McpServerPromptType].");
        }

        services.AddMcpPromptRegistry();
        services.AddSingleton(new PromptRegistration(provider => CreatePrompts(typeof(TPrompts), provider)));
        return services;
    }

    /// <summary>Registers one ready-made SDK prompt (for example <c>McpServerPrompt.Create(delegate, options)</c>).</summary>
    public static IServiceCollection AddMcpPrompt(this IServiceCollection services, McpServerPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(prompt);
        services.AddMcpPromptRegistry();
        services.AddSingleton(new PromptRegistration(_ => [prompt]));
        return services;
    }

    /// <summary>Registers prompts built from the container on first use (for example over a catalogue registered there).</summary>
    public static IServiceCollection AddMcpPrompts(this IServiceCollection services, Func<IServiceProvider, IEnumerable<McpServerPrompt>> create)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        services.AddMcpPromptRegistry();
        services.AddSingleton(new PromptRegistration(create));
        return services;
    }

    public static IServiceCollection AddMcpPromptRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<PromptRegistry>();
        return services;
    }

    private static IEnumerable<McpServerPrompt> CreatePrompts([DynamicallyAccessedMembers(PromptTypeMembers)] Type type, IServiceProvider services)
    {
        var options = new McpServerPromptCreateOptions { Services = services };
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<McpServerPromptAttribute>() is not null)
            .ToList();
        if (methods.Count == 0)
        {
            throw new InvalidOperationException($"{type.Name} has no method marked [McpServerPrompt].");
        }

        foreach (var method in methods)
        {
            yield return method.IsStatic
                ? McpServerPrompt.Create(method, target: null, options)
                : McpServerPrompt.Create(method, context => ActivatorUtilities.CreateInstance(context.Services ?? services, type), options);
        }
    }
}
