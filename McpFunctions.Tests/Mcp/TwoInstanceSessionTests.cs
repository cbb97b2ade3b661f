using System.Net;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpFunctions.Tests.Mcp;

/// <summary>
/// Two instances of the app sharing one Table Storage (a real Azurite), as on Azure where any instance may serve
/// any request: a session created on one is used and deleted through the other (DESIGN.md §3).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TwoInstanceSessionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApp _first = null!;
    private TestApp _second = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Sessions:TableName"] = AzuriteFixture.UniqueTableName("sessions"),
        };
        _first = await TestApp.StartAsync(settings, UseClock);
        _second = await TestApp.StartAsync(settings, UseClock);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task SessionCreatedOnOne_IsUsedAndDeletedThroughTheOther()
    {
        var sessionId = await McpHttp.HandshakeAsync(_first.Client);

        using var listOnSecond = await _second.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId, "2025-06-18"));
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        using var deleted = await _second.Client.SendAsync(delete);
        using var afterOnSecond = await _second.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", sessionId, "2025-06-18"));

        // The first instance may reuse its copy for Sessions:ReadCacheDuration (5 s); after that the deletion shows.
        _time.Advance(TimeSpan.FromSeconds(6));
        using var afterOnFirst = await _first.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.OK, listOnSecond.StatusCode);
        Assert.Equal(4, (await McpHttp.ReadJsonAsync(listOnSecond))["result"]!["tools"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterOnSecond.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterOnFirst.StatusCode);
    }

    [Fact]
    public async Task InitializedOnOne_IsSeenAsInitializedByTheOther()
    {
        using var init = await _first.Client.SendAsync(McpHttp.Post("/mcp", McpHttp.InitializeBody));
        var sessionId = McpHttp.Header(init, "Mcp-Session-Id")!;

        using var initialized = await _second.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, "2025-06-18"));
        using var call = await _first.Client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"mcp_list","arguments":{}}}""", sessionId, "2025-06-18"));

        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        Assert.True(_second.Logs.Contains("is now fully initialized"));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.NotEqual(true, (bool?)(await McpHttp.ReadJsonAsync(call))["result"]!["isError"]);
    }

    private void UseClock(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(_time);
    }
}
