using System.Diagnostics;
using System.Net;
using McpFunctions.Tests.TestSupport;
using Xunit.Abstractions;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// What the real Functions host does to McpFunctions' own routes, through the local host that imitates it (each
/// behaviour is pinned against a bare worker in <c>LocalFunctionsHost/</c>): HEAD is not implied by GET, so a
/// metadata document answers HEAD with 404 (azure-functions-host#11625), while the MCP endpoint, which declares
/// every method, answers HEAD itself; and a cold start, from process start to the first 200, stays bounded.
/// </summary>
public sealed class WorkerRealHostBehaviourTests(WorkerHosts hosts, ITestOutputHelper output) : IClassFixture<WorkerHosts>
{
    private static readonly Dictionary<string, string?> DevelopmentFacade = new()
    {
        ["Auth__Mode"] = "Facade",
        ["Facade__Upstream__Kind"] = "Development",
    };

    [Theory]
    [InlineData(".well-known/oauth-protected-resource/mcp")]
    [InlineData(".well-known/oauth-authorization-server")]
    [InlineData(".well-known/openid-configuration")]
    [InlineData(".well-known/jwks.json")]
    public async Task GetOnlyDocument_AnswersGet200_ButHead404_AsTheRealHostDoes(string path)
    {
        // Arrange
        var app = await hosts.SharedAsync(DevelopmentFacade);

        // Act
        using var get = await app.Client.GetAsync(path);
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        // Assert
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("mcp")]
    public async Task McpEndpoint_AnswersHeadItself_WithTheProtocolVersion(string path)
    {
        // Arrange
        var app = await hosts.SharedAsync(DevelopmentFacade);

        // Act
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        // Assert
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("2025-11-25", head.Headers.GetValues("MCP-Protocol-Version").Single());
    }

    [Fact]
    public async Task ColdStart_FromProcessStartToTheFirst200_ThroughTheHost_IsBounded()
    {
        // Arrange: the bound is generous (shared test cores); bench/ measures cold start against an empty worker.
        var bound = TimeSpan.FromSeconds(60);
        var started = Stopwatch.StartNew();
        await using var host = hosts.Start(new Dictionary<string, string?> { ["Auth__Mode"] = "Disabled" });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };

        // Act
        HttpStatusCode? status = null;
        while (started.Elapsed < bound && status != HttpStatusCode.OK && !host.HasExited)
        {
            try
            {
                using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "mcp"));
                status = head.StatusCode;
            }
            catch (HttpRequestException)
            {
                // The host is not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(25);
            }
        }

        // Assert
        output.WriteLine($"process start to first HEAD /mcp 200 through the local host: {started.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(status == HttpStatusCode.OK, $"no 200 within {bound.TotalSeconds:F0} s (last: {status}, exited: {host.HasExited})\n"
            + string.Join('\n', host.StandardOutputLines.Concat(host.StandardErrorLines)));
    }
}
