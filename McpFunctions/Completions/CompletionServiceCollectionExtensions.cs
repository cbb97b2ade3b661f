using System.Diagnostics.CodeAnalysis;
using McpFunctions.Prompts;
using McpFunctions.Resources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Completions;

/// <summary>Completion registration: one line per completed argument, as an instance, a DI-created type, a lambda or a fixed list.</summary>
internal static class CompletionServiceCollectionExtensions
{
    /// <summary>Registers <paramref name="source"/> as the values of <paramref name="target"/>.</summary>
    public static IServiceCollection AddMcpCompletionSource(this IServiceCollection services, CompletionTarget target, ICompletionSource source)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        return services.AddCompletionSourceRegistration(new CompletionSourceRegistration(target, _ => source));
    }

    /// <summary>Registers a <typeparamref name="TSource"/> created from DI (once, on first use) as the values of <paramref name="target"/>.</summary>
    public static IServiceCollection AddMcpCompletionSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(
        this IServiceCollection services, CompletionTarget target)
        where TSource : class, ICompletionSource
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(target);
        return services.AddCompletionSourceRegistration(
            new CompletionSourceRegistration(target, provider => ActivatorUtilities.CreateInstance<TSource>(provider)));
    }

    /// <summary>Registers a lambda as the values of <paramref name="target"/>.</summary>
    public static IServiceCollection AddMcpCompletionSource(
        this IServiceCollection services,
        CompletionTarget target,
        Func<CompleteRequestParams, CancellationToken, ValueTask<IEnumerable<string>>> getCandidates)
    {
        ArgumentNullException.ThrowIfNull(getCandidates);
        return services.AddMcpCompletionSource(target, new DelegateCompletionSource(getCandidates));
    }

    /// <summary>Registers a fixed list of values for <paramref name="target"/>.</summary>
    public static IServiceCollection AddMcpCompletionSource(this IServiceCollection services, CompletionTarget target, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        IEnumerable<string> candidates = [.. values];
        return services.AddMcpCompletionSource(target, (_, _) => ValueTask.FromResult(candidates));
    }

    /// <summary>The completion provider and the registries it checks references against (idempotent).</summary>
    public static IServiceCollection AddMcpCompletionProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMcpPromptRegistry();
        services.AddMcpResourceRegistry();
        services.TryAddSingleton<CompletionProvider>();
        return services;
    }

    private static IServiceCollection AddCompletionSourceRegistration(this IServiceCollection services, CompletionSourceRegistration registration)
    {
        services.AddMcpCompletionProvider();
        services.AddSingleton(registration);
        return services;
    }
}
