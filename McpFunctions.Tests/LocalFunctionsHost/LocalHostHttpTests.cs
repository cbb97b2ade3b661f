using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.LocalFunctionsHost;

/// <summary>
/// What an HTTP client sees through the local Functions host in front of a real isolated worker (bench/EmptyWorker),
/// pinned against what the real Azure Functions host does.
/// </summary>
[Collection(PublishedEmptyWorkerCollectionDefinition.Name)]
public sealed class LocalHostHttpTests(PublishedEmptyWorker worker, SharedLocalHost shared) : IClassFixture<SharedLocalHost>, IAsyncLifetime, IDisposable
{
    private static readonly string[] EveryMethod = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private LocalFunctionsHostProcess _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await shared.GetAsync(worker);
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = _host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _client?.Dispose();

    [Fact]
    public void Banner_NamesListeningUrl_EveryFunctionWithMethodsAndUrl_AndNotForProduction()
    {
        var output = string.Join('\n', _host.StandardOutputLines);
        var url = $"http://127.0.0.1:{_host.Port}";
        Assert.Contains("local development host — not for production", output, StringComparison.Ordinal);
        Assert.Contains($"Listening on {url}", output, StringComparison.Ordinal);
        Assert.Contains($"    Mcp: [DELETE,POST] {url}/mcp", output, StringComparison.Ordinal);
        Assert.Contains($"    Root: [HEAD,POST] {url}/", output, StringComparison.Ordinal);
        Assert.Contains($"    Echo: [GET,POST] {url}/echo/{{*rest}}", output, StringComparison.Ordinal);
        Assert.Contains($"    WellKnown: [GET] {url}/.well-known/probe-metadata/{{*rest}}", output, StringComparison.Ordinal);
        Assert.Contains($"    Tick: timerTrigger (0 0 0 1 1 *) — run now: POST {url}/admin/functions/Tick", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMcp_AnswersWithTheWorkersBytesAndHeaders()
    {
        using var response = await _client.PostAsync("mcp", new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":{}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bench-session", Assert.Single(response.Headers.GetValues("Mcp-Session-Id")));
        Assert.Equal("2025-06-18", Assert.Single(response.Headers.GetValues("MCP-Protocol-Version")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task EmptyRoutePrefix_ServesTheEmptyRouteAtTheRoot()
    {
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        using var post = await _client.PostAsync("/", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":{}}""", await post.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(".well-known/probe-metadata")]
    [InlineData(".well-known/probe-metadata/mcp")]
    [InlineData(".well-known/probe-metadata/a/b/c")]
    public async Task WellKnownTemplate_WithCatchAll_IsServed(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"probe":"metadata"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("echo", null)]
    [InlineData("echo/one", "one")]
    [InlineData("echo/one/two/three", "one/two/three")]
    public async Task CatchAll_BindsTheRestOfThePath(string path, string? rest)
    {
        using var echo = await EchoAsync(HttpMethod.Get, path);

        Assert.Equal(rest, echo.RootElement.GetProperty("rest").GetString());
        Assert.Equal("/" + path, echo.RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public async Task RouteConstraint_SelectsOnlyMatchingValues_AndBindsThem()
    {
        using var number = await _client.GetAsync("items/42");
        using var word = await _client.GetAsync("items/forty-two");

        Assert.Equal(HttpStatusCode.OK, number.StatusCode);
        Assert.Equal("item 42", await number.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, word.StatusCode);
    }

    /// <summary>azure-functions-host#10098: a method the function does not declare is 404, not 405; #11625: so is HEAD.</summary>
    [Fact]
    public async Task UndeclaredMethod_Returns404WithEmptyBody_ForEveryFunctionAndMethod()
    {
        var declared = new Dictionary<string, string[]>
        {
            ["get-only"] = ["GET"],
            ["mcp"] = ["POST", "DELETE"],
            ["items/1"] = ["GET"],
            ["echo/x"] = ["GET", "POST"],
            [".well-known/probe-metadata"] = ["GET"],
            ["log"] = ["GET"],
        };
        foreach (var (path, methods) in declared)
        {
            foreach (var method in EveryMethod.Except(methods))
            {
                using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} /{path} answered {(int)response.StatusCode}");
                Assert.Equal("", await response.Content.ReadAsStringAsync());
                Assert.False(response.Content.Headers.Contains("Allow"), $"{method} /{path} named allowed methods");
            }
        }
    }

    [Theory]
    [InlineData("nothing-here")]
    [InlineData("api/echo/x")]
    [InlineData("mcp/extra")]
    public async Task UnknownPath_Returns404(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task FunctionThatThrows_Returns500WithGenericBody_AndNoExceptionText()
    {
        using var response = await _client.GetAsync("fail");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("An error occurred while processing the request.", body);
        Assert.DoesNotContain("secret-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        // The developer still sees what went wrong, on the host's console.
        await _host.WaitForOutputAsync(l => l.Contains("secret-detail-7f3a", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WorkerLogs_AreForwardedToTheConsole_OneLinePerEntry_WithLevelAndCategory()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var response = await _client.GetAsync($"log?marker={marker}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = await _host.WaitForOutputAsync(
            l => l.Contains("Probe.Log", StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Matches(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] Warning Probe\.Log: probe log line " + marker + "$", line);
    }

    [Fact]
    public async Task Worker_GetsTheEnvironmentTheRealHostSets_AndLocalSettingsValues()
    {
        using var echo = await EchoAsync(HttpMethod.Get, "echo/env");
        var root = echo.RootElement;

        Assert.Equal("dotnet-isolated", root.GetProperty("workerRuntime").GetString());
        Assert.Equal("Development", root.GetProperty("environment").GetString());
        Assert.Equal(SharedLocalHost.Greeting, root.GetProperty("greeting").GetString());
        // Not set locally: an app that keys "running on Azure" on WEBSITE_HOSTNAME must not be fooled.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("websiteHostname").ValueKind);
    }

    [Fact]
    public async Task Worker_SeesTheClientsHostPathQueryAndBody_AndTheInvocationIdHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "echo/a%20b?x=1&y=two")
        {
            Content = new ByteArrayContent(new byte[12345]),
        };
        request.Headers.Host = "connector.example.test";
        using var echo = await EchoAsync(request);
        var root = echo.RootElement;

        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("connector.example.test", root.GetProperty("host").GetString());
        Assert.Equal("http", root.GetProperty("scheme").GetString());
        Assert.Equal("?x=1&y=two", root.GetProperty("query").GetString());
        Assert.Equal(12345, root.GetProperty("bodyLength").GetInt64());
        Assert.True(Guid.TryParse(root.GetProperty("headers").GetProperty("x-ms-invocation-id").GetString(), out _));
    }

    /// <summary>
    /// The host forwards X-Forwarded-* untouched (YARP's default transformer, as DefaultHttpProxyService uses), and
    /// the worker's ASP.NET Core integration applies them: the scheme and host an app builds URLs from follow them.
    /// </summary>
    [Fact]
    public async Task ForwardedHeaders_PassThroughToTheWorker_WhichAppliesThem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "echo/forwarded");
        request.Headers.Add("X-Forwarded-Host", "public.example.test");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var echo = await EchoAsync(request);
        var root = echo.RootElement;

        Assert.Equal("public.example.test", root.GetProperty("host").GetString());
        Assert.Equal("https", root.GetProperty("scheme").GetString());
        Assert.Equal($"127.0.0.1:{_host.Port}", root.GetProperty("headers").GetProperty("x-original-host").GetString());
    }

    [Fact]
    public async Task StreamingResponse_PausedLessThanTheIdleTimeout_IsNotCut()
    {
        using var response = await _client.GetAsync("stream?idleMs=1500");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first\nsecond\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeclaredBodyOverTheLimit_Returns413_BeforeTheWorker()
    {
        var status = await RawStatusAsync($"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {104_857_601}\r\n\r\n{{}}");

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task UrlLongerThan4KB_Returns414()
    {
        using var ok = await _client.GetAsync("echo/" + new string('a', 4000));
        using var tooLong = await _client.GetAsync("echo/" + new string('a', 4100));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
    }

    [Fact]
    public async Task AdminCall_FiresTheTimerFunctionNow()
    {
        var before = _host.StandardOutputLines.Count(IsTick);
        using var response = await _client.PostAsync("admin/functions/Tick", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_host.StandardOutputLines.Count(IsTick) == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var fired = _host.StandardOutputLines.Where(IsTick).Last();
        Assert.Contains("pastDue=False", fired, StringComparison.Ordinal);
        // The worker got TimerInfo with the next occurrence of its schedule (0 0 0 1 1 *: midnight, 1 January).
        Assert.Matches("""next="\d{4}-01-01T00:00:00\+00:00""", fired);
    }

    [Theory]
    [InlineData("admin/functions/NoSuchFunction", HttpStatusCode.NotFound)]
    [InlineData("admin/functions/Echo", HttpStatusCode.BadRequest)]
    public async Task AdminCall_ForUnknownOrHttpFunction_IsRefused(string path, HttpStatusCode expected)
    {
        using var response = await _client.PostAsync(path, new StringContent("{}"));

        Assert.Equal(expected, response.StatusCode);
    }

    private static bool IsTick(string line) => line.Contains("Probe.Tick: tick fired", StringComparison.Ordinal);

    private async Task<JsonDocument> EchoAsync(HttpMethod method, string path) => await EchoAsync(new HttpRequestMessage(method, path));

    private async Task<JsonDocument> EchoAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body);
        }
    }

    private async Task<int> RawStatusAsync(string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
