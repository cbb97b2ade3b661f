using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace McpFunctions.Functions;

/// <summary>
/// The route table is the <c>[Function]</c>/<c>[HttpTrigger]</c> attributes of this folder's classes, read by the
/// Functions host (through the generated functions.metadata) and, here, by a process that no Functions host runs
/// (handler-level tests, <c>dotnet run</c> without a host): there is no second table to drift.
/// </summary>
/// <remarks>
/// Every function is a public static method of a public static class that resolves its handler from the request's
/// services. The Worker SDK's generated executor calls only such functions directly; for a function in a non-public
/// type it builds a fresh default executor on every invocation, which compiles an expression tree into a new dynamic
/// method each time: measured behind the local host, more than half the worker's CPU per <c>tools/call</c>.
/// </remarks>
internal static class FunctionRouteTable
{
    /// <summary>Every HTTP-triggered function of this assembly.</summary>
    public static IReadOnlyList<FunctionRoute> Routes { get; } = Discover();

    /// <summary>
    /// Maps every HTTP function on Kestrel the way the Functions host routes to it: the declared methods only, any
    /// other method 404 like an unmapped route (azure-functions-host#10098), an instance function's class created per request.
    /// </summary>
    public static IEndpointRouteBuilder MapFunctionRoutes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var route in Routes)
        {
            var factory = route.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(route.Method.DeclaringType!, Type.EmptyTypes);
            var methods = route.Methods.ToHashSet(StringComparer.OrdinalIgnoreCase);
            endpoints.Map(route.Path, context =>
            {
                if (!methods.Contains(context.Request.Method))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                var instance = factory?.Invoke(context.RequestServices, null);
                return (Task)route.Method.Invoke(instance, [context.Request])!;
            }).WithDisplayName(route.Name);
        }

        return endpoints;
    }

    private static List<FunctionRoute> Discover()
    {
        var routes = new List<FunctionRoute>();
        foreach (var type in typeof(FunctionRouteTable).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var parameters = method.GetParameters();
                var trigger = parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (trigger is null)
                {
                    continue;
                }

                if (parameters.Length != 1 || parameters[0].ParameterType != typeof(HttpRequest) || method.ReturnType != typeof(Task))
                {
                    throw new InvalidOperationException($"HTTP function {function.Name} must be 'Task {method.Name}(HttpRequest request)': functions are doors to a handler.");
                }

                var methods = trigger.Methods is { Length: > 0 } declared ? declared.Select(m => m.ToUpperInvariant()).ToArray() : [];
                routes.Add(new FunctionRoute(function.Name, trigger.Route ?? function.Name, methods, method));
            }
        }

        return routes;
    }
}
