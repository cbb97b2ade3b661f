using System.Net;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.ResourceServer;

/// <summary>RFC 9728 metadata at the root and path-suffixed well-known URIs (first seed, step 1.2).</summary>
public sealed class ProtectedResourceMetadataTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => (_app, _) = await ResourceServerTestApp.StartAsync("Strict", extra: new Dictionary<string, string?>
    {
        ["Mcp:PublicBaseUrl"] = "HTTPS://MCP.Example.ORG/",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource/mcp", "https://mcp.example.org/mcp")]
    [InlineData("/.well-known/oauth-protected-resource", "https://mcp.example.org")]
    public async Task Metadata_DescribesTheResource(string path, string resource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://some-browser-client.example");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", McpHttp.ContentType(response)?.MediaType);
        Assert.Equal("*", McpHttp.Header(response, "Access-Control-Allow-Origin"));
        var json = await McpHttp.ReadJsonAsync(response);
        Assert.Equal(resource, (string?)json["resource"]);
        Assert.Equal(["https://idp.example.com/"], json["authorization_servers"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["header"], json["bearer_methods_supported"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["mcp:read", "mcp:execute"], json["scopes_supported"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task Metadata_NeverComesFromTheRequestHost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/oauth-protected-resource/mcp");
        request.Headers.Host = "attacker.example";

        using var response = await _app.Client.SendAsync(request);

        var json = await McpHttp.ReadJsonAsync(response);
        Assert.Equal("https://mcp.example.org/mcp", (string?)json["resource"]);
    }

    [Fact]
    public async Task Metadata_IsAbsent_WhenAuthIsDisabled()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/.well-known/oauth-protected-resource/mcp", UriKind.Relative));
        using var mcp = await app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("authorization_servers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Nothing to discover, and nothing asks for it: the endpoint serves without a challenge.
        Assert.Equal(HttpStatusCode.OK, mcp.StatusCode);
        Assert.Null(McpHttp.Header(mcp, "WWW-Authenticate"));
    }
}
