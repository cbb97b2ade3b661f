using System.Net;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// Two instances sharing one Table Storage (a real Azurite), as on Azure where any instance may serve any request:
/// two worker processes, each behind its own local Functions host. A session created on one is used and deleted
/// through the other (DESIGN.md §3).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TwoInstanceSessionTests(AzuriteFixture azurite, WorkerHosts hosts) : IClassFixture<WorkerHosts>, IAsyncLifetime
{
    // Short, so that the test sees a deletion through the other instance within a second without a shared fake clock.
    private static readonly TimeSpan ReadCacheDuration = TimeSpan.FromSeconds(1);

    private WorkerApp? _first;
    private WorkerApp? _second;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Sessions__TableName"] = AzuriteFixture.UniqueTableName("sessions"),
            ["Sessions__ReadCacheDuration"] = ReadCacheDuration.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        var first = hosts.StartAsync(settings);
        var second = hosts.StartAsync(settings);
        try
        {
            await Task.WhenAll(first, second);
        }
        catch
        {
            // Whichever started is stopped here: a failed initialization is not followed by DisposeAsync.
            _first = first.IsCompletedSuccessfully ? first.Result : null;
            _second = second.IsCompletedSuccessfully ? second.Result : null;
            await DisposeAsync();
            throw;
        }

        (_first, _second) = (first.Result, second.Result);
    }

    public async Task DisposeAsync()
    {
        if (_first is not null)
        {
            await First.DisposeAsync();
        }

        if (_second is not null)
        {
            await Second.DisposeAsync();
        }
    }

    private WorkerApp First => _first!;

    private WorkerApp Second => _second!;

    [Fact]
    public async Task SessionCreatedOnOne_IsUsedAndDeletedThroughTheOther()
    {
        var sessionId = await McpHttp.HandshakeAsync(First.Client);

        using var listOnSecond = await Second.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId, "2025-06-18"));
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        using var deleted = await Second.Client.SendAsync(delete);
        using var afterOnSecond = await Second.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId, "2025-06-18"));

        // The first instance may reuse its copy for Sessions:ReadCacheDuration; after that the deletion shows.
        await Task.Delay(ReadCacheDuration + TimeSpan.FromMilliseconds(500));
        using var afterOnFirst = await First.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.OK, listOnSecond.StatusCode);
        Assert.Equal(4, (await McpHttp.ReadJsonAsync(listOnSecond))["result"]!["tools"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterOnSecond.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterOnFirst.StatusCode);
    }

    [Fact]
    public async Task InitializedOnOne_IsSeenAsInitializedByTheOther()
    {
        using var init = await First.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;

        using var initialized = await Second.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, "2025-06-18"));
        using var call = await First.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"mcp_list","arguments":{}}}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        await Second.WaitForLogAsync($"Session {sessionId[..8]}… is now fully initialized");
        Assert.DoesNotContain($"Session {sessionId[..8]}… is now fully initialized", First.AllOutput, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.NotEqual(true, (bool?)(await McpHttp.ReadJsonAsync(call))["result"]!["isError"]);
    }
}
