using System.Collections.Frozen;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Resources;

/// <summary>
/// The resources this server offers: direct resources (a fixed URI) and resource templates (RFC 6570 URI
/// templates). Built on first use, like the tool registry, because creating SDK resources reflects over
/// every resource method and cold start on Functions is paid by the first user.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lazy<Catalog> _catalog;

    public ResourceRegistry(IEnumerable<ResourceRegistration> registrations, IServiceProvider services)
    {
        var list = registrations.ToList();
        HasResources = list.Count > 0;
        _catalog = new(() => Build(list, services));
    }

    /// <summary>Whether any resource or template is registered: decides whether <c>capabilities.resources</c> is declared.</summary>
    public bool HasResources { get; }

    /// <summary>Whether any resource template is registered (builds the registry).</summary>
    public bool HasTemplates => _catalog.Value.Templates.Count > 0;

    /// <summary>Direct resources for <c>resources/list</c>, ordered by URI.</summary>
    public IList<Resource> Resources => _catalog.Value.ProtocolResources;

    /// <summary>Resource templates for <c>resources/templates/list</c>, ordered by URI template.</summary>
    public IList<ResourceTemplate> Templates => _catalog.Value.ProtocolTemplates;

    /// <summary>
    /// The resource that serves <paramref name="uri"/> for <c>resources/read</c>: an exact direct resource first,
    /// then the first template, in registration order, whose URI template matches.
    /// </summary>
    public McpServerResource? Find(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var catalog = _catalog.Value;
        if (catalog.Direct.TryGetValue(uri, out var resource))
        {
            return resource;
        }

        foreach (var template in catalog.Templates)
        {
            if (template.IsMatch(uri))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="uriTemplate"/> is the exact URI template of a registered template, as
    /// <c>completion/complete</c> names it in a <c>ref/resource</c> reference.
    /// </summary>
    public bool IsTemplate(string uriTemplate)
    {
        ArgumentNullException.ThrowIfNull(uriTemplate);
        return _catalog.Value.TemplatesByUriTemplate.ContainsKey(uriTemplate);
    }

    private static Catalog Build(List<ResourceRegistration> registrations, IServiceProvider services)
    {
        var direct = new Dictionary<string, McpServerResource>(StringComparer.Ordinal);
        var templates = new List<McpServerResource>();
        var templatesByUriTemplate = new Dictionary<string, McpServerResource>(StringComparer.Ordinal);
        foreach (var resource in registrations.SelectMany(r => r.Create(services)))
        {
            var uriTemplate = resource.ProtocolResourceTemplate.UriTemplate;
            if (resource.IsTemplated)
            {
                if (!templatesByUriTemplate.TryAdd(uriTemplate, resource))
                {
                    throw new InvalidOperationException($"Two resource templates are registered with the URI template '{uriTemplate}'. Resource URI templates must be unique.");
                }

                templates.Add(resource);
            }
            else if (!direct.TryAdd(resource.ProtocolResource?.Uri ?? uriTemplate, resource))
            {
                throw new InvalidOperationException($"Two resources are registered with the URI '{uriTemplate}'. Resource URIs must be unique.");
            }
        }

        return new Catalog(
            direct.ToFrozenDictionary(StringComparer.Ordinal),
            templates,
            templatesByUriTemplate.ToFrozenDictionary(StringComparer.Ordinal),
            [.. direct.Values.Select(r => r.ProtocolResource!).OrderBy(r => r.Uri, StringComparer.Ordinal)],
            [.. templates.Select(t => t.ProtocolResourceTemplate).OrderBy(t => t.UriTemplate, StringComparer.Ordinal)]);
    }

    private sealed record Catalog(
        FrozenDictionary<string, McpServerResource> Direct,
        IReadOnlyList<McpServerResource> Templates,
        FrozenDictionary<string, McpServerResource> TemplatesByUriTemplate,
        IList<Resource> ProtocolResources,
        IList<ResourceTemplate> ProtocolTemplates);
}
