using System.Text.Json;
using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace McpFunctions.ResourceServer;

/// <summary>
/// RFC 9728 Protected Resource Metadata, at the root well-known URI and at the path-suffixed one for each MCP
/// path (<c>/.well-known/oauth-protected-resource/mcp</c>), which MCP clients try first (MCP authorization
/// 2025-11-25, "Protected Resource Metadata Discovery Requirements"). First seed, step 1.2.
/// </summary>
internal static class ProtectedResourceMetadataEndpoint
{
    public const string CorsPolicyName = "public-metadata";

    /// <summary>
    /// Serves the metadata of the MCP path <paramref name="mcpPath"/>; 404, like an unmapped route, when that path is
    /// not one of the protected paths (<c>Mcp:Paths</c>) or nothing protects this server.
    /// </summary>
    public static async Task HandleAsync(HttpContext context, string mcpPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var resources = services.GetRequiredService<IOptions<ProtectedResourceOptions>>().Value;
        var configured = resources.Paths.Contains(mcpPath, StringComparer.Ordinal);
        if (!configured || auth.Mode == AuthMode.Disabled)
        {
            // Nothing protects this server, so it publishes no authorization servers.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (HttpMethods.IsOptions(context.Request.Method))
        {
            // A CORS preflight was answered before this; a plain OPTIONS learns the methods.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.Allow = "GET, OPTIONS";
            return;
        }

        var uris = services.GetRequiredService<ProtectedResourceUris>();
        var publicUrls = services.GetRequiredService<PublicUrls>();
        var authorizationServer = auth.Mode == AuthMode.Facade
            ? publicUrls.ResolveBaseUri().GetLeftPart(UriPartial.Authority)
            : auth.Authority!;

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "public, max-age=3600";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("resource", uris.ResourceFor(mcpPath));
        writer.WriteStartArray("authorization_servers");
        writer.WriteStringValue(authorizationServer);
        writer.WriteEndArray();
        writer.WriteStartArray("bearer_methods_supported");
        writer.WriteStringValue("header");
        writer.WriteEndArray();
        writer.WriteStartArray("scopes_supported");
        // Only scopes this server defines: offline_access belongs to the authorization server, not the resource.
        foreach (var scope in auth.Scopes.Where(s => s != "offline_access"))
        {
            writer.WriteStringValue(scope);
        }

        writer.WriteEndArray();
        writer.WriteString("resource_name", resources.ResourceName);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
