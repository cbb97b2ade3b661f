using System.Text.Json;
using System.Text.Json.Nodes;
using McpFunctions.Tools.Calculators;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Resources;

/// <summary>
/// What the calculator catalogue offers as resources: the catalogue itself (<see cref="CatalogUri"/>) and each
/// calculator's definition, listed one by one for clients that show only <c>resources/list</c>, and as the URI
/// template <see cref="DefinitionUriTemplate"/> for clients that complete or build URIs. A definition is the
/// <c>mcp_get_info</c> answer, byte for byte, so a model sees the same thing whichever way it asked.
/// </summary>
internal static class CalculatorResources
{
    public const string CatalogUri = "calculators://catalog";
    public const string DefinitionUriTemplate = "calculators://calculator/{name}";
    public const string DefinitionVariable = "name";
    private const string DefinitionUriPrefix = "calculators://calculator/";

    public static string DefinitionUri(CalculatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return DefinitionUriPrefix + definition.Id;
    }

    /// <summary>The definition's JSON, as <c>mcp_get_info</c> returns it.</summary>
    public static string DefinitionJson(CalculatorDefinition definition) =>
        JsonSerializer.Serialize(CalculatorInfo.From(definition), McpJsonUtilities.DefaultOptions);

    public static IEnumerable<McpServerResource> Create(CalculatorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var catalogJson = CatalogJson(catalog);
        yield return new CalculatorJsonResource(
            new ResourceTemplate
            {
                UriTemplate = CatalogUri,
                Name = "catalog",
                Title = "Clinical calculator catalogue",
                Description = "Every calculator this server runs: id, name, category, one-line description and the URI of its definition.",
                MimeType = CalculatorJsonResource.JsonMimeType,
            },
            uri => uri == CatalogUri ? catalogJson : null);

        foreach (var calculator in catalog.All)
        {
            var definition = calculator.Definition;
            var uri = DefinitionUri(definition);
            var json = DefinitionJson(definition);
            yield return new CalculatorJsonResource(
                new ResourceTemplate
                {
                    UriTemplate = uri,
                    Name = definition.Id,
                    Title = definition.Name,
                    Description = definition.Description,
                    MimeType = CalculatorJsonResource.JsonMimeType,
                },
                requested => requested == uri ? json : null);
        }

        yield return new CalculatorJsonResource(
            new ResourceTemplate
            {
                UriTemplate = DefinitionUriTemplate,
                Name = "calculator",
                Title = "Calculator definition",
                Description = "One calculator's inputs (type, unit, accepted range, allowed values, default) and the publication its formula comes from; {name} is a calculator id from " + CatalogUri + ".",
                MimeType = CalculatorJsonResource.JsonMimeType,
            },
            uri => FindByUri(catalog, uri) is { } definition ? DefinitionJson(definition) : null);
    }

    /// <summary>The calculator a definition URI names, exactly as listed (ids are lower case); null for anything else.</summary>
    public static CalculatorDefinition? FindByUri(CalculatorCatalog catalog, string uri)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (uri is null || !uri.StartsWith(DefinitionUriPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = uri[DefinitionUriPrefix.Length..];
        return catalog.Find(id) is { Definition: var definition } && definition.Id == id ? definition : null;
    }

    private static string CatalogJson(CalculatorCatalog catalog)
    {
        var calculators = new JsonArray();
        foreach (var calculator in catalog.All)
        {
            var definition = calculator.Definition;
            calculators.Add(new JsonObject
            {
                ["id"] = definition.Id,
                ["name"] = definition.Name,
                ["category"] = definition.Category,
                ["description"] = definition.Description,
                ["uri"] = DefinitionUri(definition),
            });
        }

        var categories = new JsonArray([.. catalog.Categories.Select(c => (JsonNode)JsonValue.Create(c))]);
        return new JsonObject { ["calculators"] = calculators, ["categories"] = categories }.ToJsonString();
    }
}
