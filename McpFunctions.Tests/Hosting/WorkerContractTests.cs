using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.Functions;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// The app's output is an isolated worker that a Functions host serves (the local host here, Azure's in
/// production): the host finds exactly the functions of the route table, every route answers through it, CORS
/// preflights reach the app, a disabled feature's function is 404 like an unmapped route, the purge runs as a timer,
/// and the safety rule refuses auth-off on Azure under a Functions host as it does anywhere.
/// </summary>
[Collection(WorkerOutputCollectionDefinition.Name)]
public sealed class WorkerContractTests(WorkerOutput worker)
{
    private static readonly Dictionary<string, string?> NoAuth = new() { ["Auth__Mode"] = "Disabled" };

    private static readonly Dictionary<string, string?> DevelopmentFacade = new()
    {
        ["Auth__Mode"] = "Facade",
        ["Facade__Upstream__Kind"] = "Development",
    };

    [Fact]
    public async Task Host_FindsExactlyTheFunctionsOfTheRouteTable_AndThePurgeTimer()
    {
        // Arrange
        await using var app = await WorkerApp.StartAsync(worker, NoAuth);
        var url = app.BaseAddress.ToString().TrimEnd('/');

        // Act
        var listed = app.Host.StandardOutputLines.Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

        // Assert: the host's view (functions.metadata) and the in-process route table are the same table.
        var expected = FunctionRouteTable.Routes
            .Select(r => $"{r.Name}: [{string.Join(',', r.Methods.Order(StringComparer.Ordinal))}] {url}{r.Path}")
            .Append($"ExpiredRowPurge: timerTrigger ({ExpiredRowPurgeFunction.Schedule}) — run now: POST {url}/admin/functions/ExpiredRowPurge")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, listed.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(15, FunctionRouteTable.Routes.Count);
    }

    [Theory]
    [InlineData("mcp")]
    [InlineData("")]
    public async Task Worker_ServesTheSeedHandshake_OnBothPaths(string path)
    {
        // Arrange
        await using var app = await WorkerApp.StartAsync(worker, NoAuth);

        // Act + Assert: seed step 1.1, HEAD → 200 with the version.
        using (var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path)))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal("2025-11-25", head.Headers.GetValues("MCP-Protocol-Version").Single());
        }

        // Step 3.1: initialize → 200 with a session id.
        using var initialize = await PostAsync(app, path, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"worker-test","version":"1"}}}""");
        Assert.Equal(HttpStatusCode.OK, initialize.StatusCode);
        var sessionId = initialize.Headers.GetValues("Mcp-Session-Id").Single();
        var initialized = JsonNode.Parse(await initialize.Content.ReadAsStringAsync())!;
        Assert.Equal("2025-06-18", (string?)initialized["result"]!["protocolVersion"]);

        // Step 3.2: notifications/initialized → 202, empty.
        using var notification = await PostAsync(app, path, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId);
        Assert.Equal(HttpStatusCode.Accepted, notification.StatusCode);
        Assert.Empty(await notification.Content.ReadAsByteArrayAsync());

        // Step 3.3: GET → 405 with Allow, never 501; another method the function declares is 405 too, not the host's 404.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Patch })
        {
            using var refused = await app.Client.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
            Assert.Equal("POST, DELETE, HEAD, OPTIONS", string.Join(", ", refused.Content.Headers.Allow));
        }

        // Step 4.1: the four tools.
        using var tools = await PostAsync(app, path, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId);
        Assert.Equal(HttpStatusCode.OK, tools.StatusCode);
        var names = JsonNode.Parse(await tools.Content.ReadAsStringAsync())!["result"]!["tools"]!.AsArray().Select(t => (string?)t!["name"]).Order(StringComparer.Ordinal);
        Assert.Equal(["mcp_execute", "mcp_get_info", "mcp_list", "mcp_search"], names);

        // DELETE ends the session; it is 404 afterwards.
        using var delete = new HttpRequestMessage(HttpMethod.Delete, path);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        using var deleted = await app.Client.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await PostAsync(app, path, """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", sessionId);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Preflight_ReachesTheAppsCors_AndAForeignOriginIsRefusedByTheApp()
    {
        // Arrange
        await using var app = await WorkerApp.StartAsync(worker, NoAuth);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "mcp");
        preflight.Headers.Add("Origin", "http://localhost:6274");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,mcp-session-id,mcp-protocol-version");

        // Act
        using var answered = await app.Client.SendAsync(preflight);
        using var foreign = await PostAsync(app, "mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", origin: "https://evil.example");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        Assert.Equal("http://localhost:6274", answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowedHeaders = answered.Headers.GetValues("Access-Control-Allow-Headers").Single();
        Assert.Contains("Mcp-Session-Id", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("MCP-Protocol-Version", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task Facade_PublishesTheHostsAddress_AndServesItsFunctions_WhileOutsideFacadeModeTheyAre404()
    {
        // Arrange
        await using var facade = await WorkerApp.StartAsync(worker, DevelopmentFacade);
        var issuer = facade.BaseAddress.ToString().TrimEnd('/');

        // Act
        using var prm = await facade.Client.GetAsync(".well-known/oauth-protected-resource/mcp");
        using var metadata = await facade.Client.GetAsync(".well-known/oauth-authorization-server");
        using var signIn = await facade.Client.GetAsync("dev/sign-in");
        using var tokenByGet = await facade.Client.GetAsync("token");

        // Assert: URLs are the host's (WEBSITE_HOSTNAME), never the worker's own Kestrel port.
        Assert.Equal(HttpStatusCode.OK, prm.StatusCode);
        var resource = JsonNode.Parse(await prm.Content.ReadAsStringAsync())!;
        Assert.Equal($"{issuer}/mcp", (string?)resource["resource"]);
        Assert.Equal(issuer, (string?)resource["authorization_servers"]![0]);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        var server = JsonNode.Parse(await metadata.Content.ReadAsStringAsync())!;
        Assert.Equal(issuer, (string?)server["issuer"]);
        Assert.Equal($"{issuer}/token", (string?)server["token_endpoint"]);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode); // served (an error page: reached only from consent), not 404
        Assert.Equal(HttpStatusCode.NotFound, tokenByGet.StatusCode); // the host: an undeclared method is 404

        // Outside façade mode the same functions answer 404, like routes that do not exist.
        await using var noAuth = await WorkerApp.StartAsync(worker, NoAuth);
        foreach (var (method, path) in new[] { ("GET", ".well-known/oauth-authorization-server"), ("GET", ".well-known/jwks.json"), ("POST", "register"), ("POST", "token"), ("GET", "authorize"), ("GET", "dev/sign-in"), ("GET", ".well-known/oauth-protected-resource") })
        {
            using var response = await noAuth.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}") : null });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} /{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task PurgeTimer_RunsOnTheAdminCall_AndSaysWhyItIsOff_WithoutTableStorage()
    {
        // Arrange
        await using var app = await WorkerApp.StartAsync(worker, NoAuth);

        // Act
        using var response = await app.Client.PostAsync("admin/functions/ExpiredRowPurge", new StringContent("{}", Encoding.UTF8, "application/json"));
        var line = await app.Host.WaitForOutputAsync(l => l.Contains("Expired-row purge is off: no Table Storage connection", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        // Assert
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Contains("McpFunctions.Maintenance", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WEBSITE_INSTANCE_ID", "0f3c4b5a6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718")]
    [InlineData("WEBSITE_HOSTNAME", "myapp.azurewebsites.net")]
    public async Task OnAzure_AuthDisabled_TheWorkerRefusesToStart_NamingTheSetting(string variable, string value)
    {
        // Arrange
        var settings = new Dictionary<string, string?>(NoAuth) { [variable] = value };

        // Act
        await using var host = WorkerApp.Start(worker, settings);
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(90));

        // Assert
        Assert.NotEqual(0, exitCode);
        var output = string.Join('\n', host.StandardOutputLines.Concat(host.StandardErrorLines));
        Assert.Contains("Auth:Mode is Disabled but the app runs on Azure", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderTheLocalHost_AuthDisabledInDevelopment_Starts_BecauseBeingRunByAFunctionsHostIsNotAzure()
    {
        // Arrange: Core Tools sets WEBSITE_HOSTNAME=localhost:<port>; so does this fixture with 127.0.0.1.
        await using var app = await WorkerApp.StartAsync(worker, new Dictionary<string, string?>(NoAuth) { ["WEBSITE_HOSTNAME"] = "localhost:7071" });

        // Act
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, ""));

        // Assert
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(WorkerApp app, string path, string json, string? sessionId = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return app.Client.SendAsync(request);
    }
}
