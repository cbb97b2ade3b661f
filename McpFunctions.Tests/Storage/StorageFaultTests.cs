using System.Diagnostics;
using System.Net;
using System.Text.Json;
using McpFunctions.Storage;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpFunctions.Tests.Storage;

/// <summary>
/// Storage trouble is the server's problem (DESIGN.md §3): the real app against a real Azurite that is killed and
/// restarted, or behind a TCP proxy that stalls. Every request that needs storage is answered 503 with
/// <c>Retry-After</c> and a JSON-RPC error (OAuth: <c>temporarily_unavailable</c>) within the storage budget; the
/// outage and the recovery are one warning each; a client that gives up is not an error; recovery needs no restart.
/// Each test has its own Azurite, since it kills it.
/// </summary>
public sealed class StorageFaultTests : IAsyncLifetime
{
    // Long enough for a healthy Azurite on a busy 2-core test machine (a data-protection key-ring read at start-up took
    // over 2 s there), short enough to tell a 503 within the budget from the library's default 100-second wait.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    // What the app may add to the budget (retry delays already inside it, writing the answer, a busy test machine).
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Outage_Answers503WithRetryAfter_WithinBudget_ThenRecoversWithoutRestart()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(Settings(_azurite.Port));
        using (var healthy = await InitializeAsync(app.Client))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        // Act: storage goes away; three clients keep trying.
        await _azurite.KillAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await InitializeAsync(app.Client);
            stopwatch.Stop();

            // Assert
            await AssertMcpUnavailableAsync(response);
            Assert.True(stopwatch.Elapsed < Budget + Slack, $"answered after {stopwatch.Elapsed}");
        }

        Assert.Single(app.Logs.Lines, line => line.EventId.Id == 3010);
        Assert.DoesNotContain(app.Logs.Lines, line => line.EventId.Id == 3011);

        // Act: storage is back (empty: its tables are created again on first use).
        await _azurite.RestartAsync();
        using var recovered = await InitializeAsync(app.Client);

        // Assert
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Single(recovered.Headers.GetValues("Mcp-Session-Id"));
        Assert.Single(app.Logs.Lines, line => line.EventId.Id == 3011);
        Assert.Single(app.Logs.Lines, line => line.EventId.Id == 3010);
        AssertNoServerFault(app.Logs);
    }

    [Fact]
    public async Task Stall_Answers503WithinBudget_AndNothingIsLoggedAsUnhandled_ThenRecovers()
    {
        // Arrange
        await using var proxy = new StallingTcpProxy(_azurite.Port);
        await using var app = await TestApp.StartAsync(Settings(proxy.Port));
        using (var healthy = await InitializeAsync(app.Client))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        // Act: the storage front end accepts connections and never answers.
        proxy.Stalled = true;
        proxy.DropConnections();
        var stopwatch = Stopwatch.StartNew();
        using var stalled = await InitializeAsync(app.Client);
        stopwatch.Stop();

        // Assert
        await AssertMcpUnavailableAsync(stalled);
        Assert.True(stopwatch.Elapsed >= Budget - TimeSpan.FromMilliseconds(200), $"answered after {stopwatch.Elapsed}: before the budget, so not a stall");
        Assert.True(stopwatch.Elapsed < Budget + Slack, $"answered after {stopwatch.Elapsed}");
        Assert.True(proxy.StalledConnections > 0);
        Assert.Single(app.Logs.Lines, line => line.EventId.Id == 3010);

        // Act: the stall ends.
        proxy.Stalled = false;
        proxy.DropConnections();
        using var recovered = await InitializeAsync(app.Client);

        // Assert
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Single(app.Logs.Lines, line => line.EventId.Id == 3011);
        AssertNoServerFault(app.Logs);
    }

    [Fact]
    public async Task StalledTableCreation_FailsWithinBudget_AsUnavailable()
    {
        // Arrange: the first use of a table meets a stalled service.
        await using var proxy = new StallingTcpProxy(_azurite.Port) { Stalled = true };
        var storage = new TableStorage(
            TableStorageConnection.FromConnectionString(Settings(proxy.Port)["AzureWebJobsStorage"]!),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TableStorage>.Instance,
            new TableStorageOptions { OperationBudget = Budget, NetworkTimeout = TimeSpan.FromSeconds(2) });

        // Act
        var stopwatch = Stopwatch.StartNew();
        var exception = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            storage.GetTableClient("Stalled").GetEntityAsync("p", "r", CancellationToken.None));

        // Assert
        Assert.True(stopwatch.Elapsed < Budget + Slack, $"failed after {stopwatch.Elapsed}");
        Assert.Equal("get", exception.Operation);
        Assert.True(storage.Availability.IsUnavailable);
    }

    [Fact]
    public async Task ClientThatGivesUpDuringStall_IsNotAnError_AndNotAnOutage()
    {
        // Arrange
        await using var proxy = new StallingTcpProxy(_azurite.Port);
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(Settings(proxy.Port)) { ["Logging:LogLevel:McpFunctions"] = "Debug" });
        using (var warm = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/mcp")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        proxy.Stalled = true;

        // Act: once the request waits on the stalled storage, the client stops waiting, long before the budget runs out.
        using var giveUp = new CancellationTokenSource();
        var sending = app.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody), giveUp.Token);
        var waited = Stopwatch.StartNew();
        while (proxy.StalledConnections == 0 && waited.Elapsed < Budget)
        {
            await Task.Delay(20);
        }

        Assert.True(proxy.StalledConnections > 0, "the request never reached storage");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        // Assert: the server notices, says so at Debug, and counts no outage.
        var deadline = Stopwatch.StartNew();
        while (!app.Logs.Lines.Any(line => line.EventId.Id == 1013) && deadline.Elapsed < Budget + Slack)
        {
            await Task.Delay(50);
        }

        var aborted = Assert.Single(app.Logs.Lines, line => line.EventId.Id == 1013);
        Assert.Equal(LogLevel.Debug, aborted.Level);
        Assert.DoesNotContain(app.Logs.Lines, line => line.EventId.Id is 3010 or 1012);
        AssertNoServerFault(app.Logs);
    }

    [Fact]
    public async Task OAuthEndpoints_AnswerTemporarilyUnavailable_WithRetryAfter_DuringOutage()
    {
        // Arrange
        var settings = new Dictionary<string, string?>(Settings(_azurite.Port))
        {
            ["Auth:Mode"] = "Facade",
            ["Facade:Upstream:Kind"] = "Development",
        };
        await using var app = await FacadeTestApp.StartAsync(FacadeTestApp.FreePort(), settings);
        var client = new OAuthTestClient(app);
        var clientId = await client.RegisterPublicClientAsync();
        await _azurite.KillAsync();

        // Act + Assert: the back channel gets the RFC 6749 JSON error.
        var stopwatch = Stopwatch.StartNew();
        var (status, body, response) = await client.RegisterAsync("""{"client_name":"c","token_endpoint_auth_method":"none","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}""");
        Assert.True(stopwatch.Elapsed < Budget + Slack, $"answered after {stopwatch.Elapsed}");
        Assert.Equal(503, status);
        Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
        Assert.Equal("3", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        AssertNoInternals(body.GetRawText());

        var (_, challenge) = OAuthTestClient.NewPkce();
        var (tokenStatus, tokenBody, tokenResponse) = await client.RedeemAsync(clientId, "some-code", OAuthTestClient.ClaudeCallback, "verifier-" + new string('v', 43));
        Assert.Equal(503, tokenStatus);
        Assert.Equal("temporarily_unavailable", tokenBody.GetProperty("error").GetString());
        Assert.True(tokenResponse.Headers.Contains("Retry-After"));

        // The browser gets a page: the client's redirect URI cannot be checked without storage, so no redirect.
        using var page = await app.Client.GetAsync(client.AuthorizeUrl(clientId, OAuthTestClient.ClaudeCallback, challenge));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.Contains("Retry-After"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("temporarily_unavailable", html, StringComparison.Ordinal);
        AssertNoInternals(html);
        AssertNoServerFault(app.Logs);
    }

    private static Dictionary<string, string?> Settings(int port) => new()
    {
        ["AzureWebJobsStorage"] =
            $"DefaultEndpointsProtocol=http;AccountName={TableStorageDefaults.DevelopmentAccountName};AccountKey={TableStorageDefaults.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/{TableStorageDefaults.DevelopmentAccountName}",
        ["Storage:OperationBudget"] = "00:00:04",
        ["Storage:NetworkTimeout"] = "00:00:02",
        ["Storage:RetryAfter"] = "00:00:03",
    };

    private static Task<HttpResponseMessage> InitializeAsync(HttpClient client) => client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody));

    private static async Task AssertMcpUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("3", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.Equal("2.0", body.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(-32603, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        AssertNoInternals(text);
    }

    // No exception type, no stack frame ("at Namespace.Type.Method("), and nothing of the storage endpoint. The page
    // footer names this server and its host, so the storage endpoint is recognised by its account name.
    private static void AssertNoInternals(string body)
    {
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [A-Za-z_][\w.`<>]*\.[\w<>]+\(", body);
        Assert.DoesNotContain(TableStorageDefaults.DevelopmentAccountName, body, StringComparison.Ordinal);
    }

    private static void AssertNoServerFault(CapturedLogs logs)
    {
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains("unhandled", StringComparison.OrdinalIgnoreCase));
    }
}
