using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Server;

namespace McpFunctions.Resources;

/// <summary>
/// Resource registration. A resource is a method marked with the official C# SDK's <c>[McpServerResource]</c>
/// on a <c>[McpServerResourceType]</c> class (so resources written for the SDK drop in); one line registers a class.
/// </summary>
internal static class ResourceServiceCollectionExtensions
{
    private const DynamicallyAccessedMemberTypes ResourceTypeMembers =
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors;

    /// <summary>Registers every <c>[McpServerResource]</c> method of <typeparamref name="TResources"/>; instances come from DI per read.</summary>
    public static IServiceCollection AddMcpResources<[DynamicallyAccessedMembers(ResourceTypeMembers)] TResources>(this IServiceCollection services)
        where TResources : class
    {
        ArgumentNullException.ThrowIfNull(services);
        if (typeof(TResources).GetCustomAttribute<McpServerResourceTypeAttribute>() is null)
        {
            throw new InvalidOperationException($"{typeof(TResources).Name} is not marked [McpServerResourceType].");
        }

        services.AddMcpResourceRegistry();
        services.AddSingleton(new ResourceRegistration(provider => CreateResources(typeof(TResources), provider)));
        return services;
    }

    /// <summary>Registers one ready-made SDK resource or template (for example <c>McpServerResource.Create(delegate, options)</c>).</summary>
    public static IServiceCollection AddMcpResource(this IServiceCollection services, McpServerResource resource)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(resource);
        services.AddMcpResourceRegistry();
        services.AddSingleton(new ResourceRegistration(_ => [resource]));
        return services;
    }

    /// <summary>Registers resources built from the container on first use (for example over a catalogue registered there).</summary>
    public static IServiceCollection AddMcpResources(this IServiceCollection services, Func<IServiceProvider, IEnumerable<McpServerResource>> create)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        services.AddMcpResourceRegistry();
        services.AddSingleton(new ResourceRegistration(create));
        return services;
    }

    public static IServiceCollection AddMcpResourceRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ResourceRegistry>();
        return services;
    }

    private static IEnumerable<McpServerResource> CreateResources([DynamicallyAccessedMembers(ResourceTypeMembers)] Type type, IServiceProvider services)
    {
        var options = new McpServerResourceCreateOptions { Services = services };
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<McpServerResourceAttribute>() is not null)
            .ToList();
        if (methods.Count == 0)
        {
            throw new InvalidOperationException($"{type.Name} has no method marked [McpServerResource].");
        }

        foreach (var method in methods)
        {
            yield return method.IsStatic
                ? McpServerResource.Create(method, target: null, options)
                : McpServerResource.Create(method, context => ActivatorUtilities.CreateInstance(context.Services ?? services, type), options);
        }
    }
}
