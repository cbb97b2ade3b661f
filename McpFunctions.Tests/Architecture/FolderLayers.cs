namespace McpFunctions.Tests.Architecture;

/// <summary>
/// The one place the allowed dependency directions of <c>McpFunctions/</c> are written (docs/architecture.md draws
/// them). Each row is a floor, top first. A feature folder may use the folders on the floors below its own, never
/// one on its own floor or above: siblings stay independent, so no cycle can form. The root namespace (Program and
/// the composition in <c>McpFunctionsExtensions</c>) stands above every floor.
/// </summary>
internal static class FolderLayers
{
    public const string RootNamespace = "McpFunctions";

    public static readonly IReadOnlyList<IReadOnlyList<string>> TopDown =
    [
        // Thin [Function] classes: one per route, over the handlers below.
        ["Functions"],
        // The expired-row purge: knows every table that expires, so it sits above the features that own them.
        ["Maintenance"],
        // The two products: the MCP endpoint and the OAuth authorization-server façade. Neither knows the other.
        ["Mcp", "OAuthFacade"],
        // What the server offers, each built on the one below: completions suggest the values of prompt arguments and
        // resource-template variables; the prompt embeds a calculator's resource; the resources publish the catalogue.
        ["Completions"],
        ["Prompts"],
        ["Resources"],
        // What the MCP endpoint is built from, each usable on its own.
        ["ResourceServer", "Sessions", "Tools", "JsonRpc"],
        // Talking to the outside: the OpenID Connect back channel and Azure Table Storage.
        ["OpenIdConnect", "Storage"],
        // The ground floor: error writing, public URLs, input limits, the hosting environment.
        ["Hosting"],
    ];
}
