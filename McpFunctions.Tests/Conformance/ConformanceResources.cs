using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpFunctions.Tests.Conformance;

/// <summary>The resources and the template <c>@modelcontextprotocol/conformance</c> reads by URI.</summary>
[McpServerResourceType]
internal sealed class ConformanceResources
{
    [McpServerResource(UriTemplate = "test://static-text", Name = "static-text", Title = "Static Text Resource", MimeType = "text/plain")]
    [Description("A static text resource for testing")]
    public static string StaticText() => "This is the content of the static text resource.";

    [McpServerResource(UriTemplate = "test://static-binary", Name = "static-binary", Title = "Static Binary Resource", MimeType = ConformanceMedia.PngMimeType)]
    [Description("A static binary resource (a 1x1 PNG) for testing")]
    public static BlobResourceContents StaticBinary() =>
        BlobResourceContents.FromBytes(ConformanceMedia.Png, "test://static-binary", ConformanceMedia.PngMimeType);

    [McpServerResource(UriTemplate = "test://template/{id}/data", Name = "template", Title = "Resource Template", MimeType = "application/json")]
    [Description("A resource template with parameter substitution")]
    public static string TemplateData([Description("Any identifier; it is echoed in the content")] string id) =>
        new JsonObject { ["id"] = id, ["templateTest"] = true, ["data"] = $"Data for ID: {id}" }.ToJsonString();

    [McpServerResource(UriTemplate = "test://watched-resource", Name = "watched-resource", Title = "Watched Resource", MimeType = "text/plain")]
    [Description("A resource clients subscribe to in the subscription scenarios")]
    public static string WatchedResource() => "Watched resource content.";

    [McpServerResource(UriTemplate = "test://example-resource", Name = "example-resource", Title = "Example Resource", MimeType = "text/plain")]
    [Description("The resource the embedded-resource prompt scenario names")]
    public static string ExampleResource() => "Embedded resource content for testing.";
}
