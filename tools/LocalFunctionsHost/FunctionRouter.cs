using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace LocalFunctionsHost;

/// <summary>
/// Matches a request to an HTTP-triggered function the way the real host does: route templates (with inline
/// constraints, defaults and <c>{*catchall}</c>) under host.json's <c>routePrefix</c>, most specific template first,
/// and only among functions that declare the request's method. A path that matches a function which does not
/// declare the method is 404, not 405 (azure-functions-host#10098); so is HEAD on a function that declares only
/// GET (azure-functions-host#11625).
/// </summary>
internal sealed class FunctionRouter
{
    private readonly List<Entry> _entries;
    private readonly IInlineConstraintResolver _constraints;

    public FunctionRouter(IEnumerable<FunctionDescriptor> functions, string routePrefix, IInlineConstraintResolver constraints)
    {
        ArgumentNullException.ThrowIfNull(functions);
        _constraints = constraints;
        _entries = [];
        foreach (var function in functions.Where(f => f.Trigger == FunctionTriggerKind.Http))
        {
            var template = TemplateParser.Parse(Combine(routePrefix, function.Route));
            var defaults = new RouteValueDictionary();
            var parameterConstraints = new List<(string Name, IRouteConstraint Constraint)>();
            foreach (var parameter in template.Parameters)
            {
                if (parameter.DefaultValue is not null)
                {
                    defaults[parameter.Name!] = parameter.DefaultValue;
                }

                foreach (var policy in parameter.InlineConstraints)
                {
                    var constraint = _constraints.ResolveConstraint(policy.Constraint)
                        ?? throw new AppFolderException($"Function '{function.Name}': unknown route constraint '{policy.Constraint}'.");
                    parameterConstraints.Add((parameter.Name!, constraint));
                }
            }

            _entries.Add(new Entry(function, PublicTemplate(template), new TemplateMatcher(template, defaults),
                RoutePrecedence.ComputeInbound(template), parameterConstraints));
        }

        _entries.Sort((a, b) =>
        {
            var byPrecedence = a.Precedence.CompareTo(b.Precedence);
            return byPrecedence != 0 ? byPrecedence : string.CompareOrdinal(a.Template, b.Template);
        });
    }

    /// <summary>The path of each HTTP function as the banner shows it.</summary>
    public IEnumerable<(FunctionDescriptor Function, string Path)> Routes =>
        _entries.OrderBy(e => e.Function.Name, StringComparer.Ordinal).Select(e => (e.Function, "/" + e.Template));

    public FunctionDescriptor? Match(HttpContext context, out RouteValueDictionary values)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method;
        foreach (var entry in _entries)
        {
            if (entry.Function.Methods is { } methods && !methods.Contains(method))
            {
                continue;
            }

            var candidate = new RouteValueDictionary();
            if (!entry.Matcher.TryMatch(context.Request.Path, candidate))
            {
                continue;
            }

            var satisfied = true;
            foreach (var (name, constraint) in entry.Constraints)
            {
                if (candidate.ContainsKey(name) && !constraint.Match(context, null, name, candidate, RouteDirection.IncomingRequest))
                {
                    satisfied = false;
                    break;
                }
            }

            if (satisfied)
            {
                values = candidate;
                return entry.Function;
            }
        }

        values = [];
        return null;
    }

    private static string Combine(string prefix, string route)
    {
        route = route.Trim('/');
        prefix = prefix.Trim('/');
        return prefix.Length == 0 ? route : route.Length == 0 ? prefix : prefix + "/" + route;
    }

    private static string PublicTemplate(RouteTemplate template) => template.TemplateText ?? "";

    private sealed record Entry(
        FunctionDescriptor Function,
        string Template,
        TemplateMatcher Matcher,
        decimal Precedence,
        List<(string Name, IRouteConstraint Constraint)> Constraints);
}
