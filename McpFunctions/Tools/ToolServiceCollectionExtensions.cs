using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Server;

namespace McpFunctions.Tools;

/// <summary>
/// Tool registration. A tool is a method marked with the official C# SDK's <c>[McpServerTool]</c> (so tools
/// written for the SDK drop in) plus, optionally, <see cref="RequiredScopeAttribute"/>; one line registers a class.
/// </summary>
internal static class ToolServiceCollectionExtensions
{
    /// <summary>Registers every <c>[McpServerTool]</c> method of <typeparamref name="TTools"/>; instances come from DI per call.</summary>
    public static IServiceCollection AddMcpTools<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors)] TTools>(this IServiceCollection services)
        where TTools : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMcpToolRegistry();
        services.AddSingleton(new ToolRegistration(provider => CreateTools(typeof(TTools), provider)));
        return services;
    }

    /// <summary>Registers one ready-made SDK tool (for example <c>McpServerTool.Create(delegate)</c>).</summary>
    public static IServiceCollection AddMcpTool(this IServiceCollection services, McpServerTool tool, params string[] requiredScopes)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tool);
        services.AddMcpToolRegistry();
        services.AddSingleton(new ToolRegistration(_ => [new RegisteredTool(tool, requiredScopes)]));
        return services;
    }

    /// <summary>The shipped tools: the first seed's four calculator tools over the clinical catalogue.</summary>
    public static IServiceCollection AddClinicalCalculatorTools(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Calculators.CalculatorCatalog)))
        {
            return services;
        }

        services.AddSingleton<Calculators.CalculatorCatalog>();
        return services.AddMcpTools<ClinicalCalculatorTools>();
    }

    public static IServiceCollection AddMcpToolRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<McpToolRegistry>();
        return services;
    }

    private static IEnumerable<RegisteredTool> CreateTools(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors)] Type type,
        IServiceProvider services)
    {
        var options = new McpServerToolCreateOptions { Services = services };
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<McpServerToolAttribute>() is not null)
            .ToList();
        if (methods.Count == 0)
        {
            throw new InvalidOperationException($"{type.Name} has no method marked [McpServerTool].");
        }

        foreach (var method in methods)
        {
            var tool = method.IsStatic
                ? McpServerTool.Create(method, target: null, options)
                : McpServerTool.Create(method, context => ActivatorUtilities.CreateInstance(context.Services ?? services, type), options);
            var scopes = method.GetCustomAttributes<RequiredScopeAttribute>().Select(a => a.Scope).ToArray();
            yield return new RegisteredTool(tool, scopes);
        }
    }
}
