using System.Text.Json.Nodes;
using McpFunctions.Hosting;
using McpFunctions.OAuthFacade.Stores;
using McpFunctions.Sessions;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Moq;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// The one exception boundary, through the real app with a store port that throws: a fault carrying a status
/// (<see cref="IHttpStatusFault"/>, what a storage outage raises) is that status with Retry-After in the route's
/// form; any other exception is a 500 whose body holds no exception text; both in Production and Development.
/// </summary>
public sealed class ErrorBoundaryTests
{
    public static TheoryData<string> Environments => new() { "Production", "Development" };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task McpRoute_StatusFault_Is503WithRetryAfter_AndAJsonRpcErrorEchoingTheId(string environment)
    {
        await using var app = await StartMcpAsync(environment, new UnavailableForTest());

        using var response = await app.Client.SendAsync(BadInputApp.Authorized(McpHttp.Post("/mcp", McpHttp.InitializeBody.Replace("\"id\":0", "\"id\":\"init-9\"", StringComparison.Ordinal))));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("7", McpHttp.Header(response, "Retry-After"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal("init-9", (string?)body["id"]);
        Assert.Equal(-32603, (int?)body["error"]!["code"]);
        Assert.Null(ResponseChecks.LeakProblem(text));
        Assert.Single(app.Logs.Lines, l => l.EventId.Id == 11 && l.Level == LogLevel.Information && l.Exception is null);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task McpRoute_UnexpectedException_Is500_WithoutExceptionText_AndOneErrorLine(string environment)
    {
        await using var app = await StartMcpAsync(environment, new InvalidOperationException("secret-internal-detail"));

        using var response = await app.Client.SendAsync(BadInputApp.Authorized(McpHttp.Post("/mcp", McpHttp.InitializeBody)));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(-32603, (int?)JsonNode.Parse(text)!["error"]!["code"]);
        Assert.Equal(0, (int?)JsonNode.Parse(text)!["id"]);
        Assert.DoesNotContain("secret-internal-detail", text, StringComparison.Ordinal);
        Assert.Null(ResponseChecks.LeakProblem(text));
        var error = Assert.Single(app.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.Equal(12, error.EventId.Id);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public async Task OAuthRoutes_StatusFault_IsTemporarilyUnavailable_AsJsonOnTheBackChannel_AndAPageOnTheFrontChannel()
    {
        await using var environment = await FacadeEnvironment.StartDevelopmentAsync(configureServices: services =>
        {
            services.RemoveAll<IOAuthClientStore>();
            services.AddSingleton(Throwing<IOAuthClientStore>(new UnavailableForTest()));
        });
        var client = environment.App.Client;

        using var register = await client.PostAsync("/register", new StringContent("""{"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"token_endpoint_auth_method":"none"}""", System.Text.Encoding.UTF8, "application/json"));
        using var authorize = await client.GetAsync("/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&code_challenge=x&code_challenge_method=S256");
        var registerText = await register.Content.ReadAsStringAsync();
        var authorizeText = await authorize.Content.ReadAsStringAsync();

        Assert.Equal(503, (int)register.StatusCode);
        Assert.Equal("7", McpHttp.Header(register, "Retry-After"));
        Assert.Equal("temporarily_unavailable", (string?)JsonNode.Parse(registerText)!["error"]);
        Assert.Equal("no-store", register.Headers.CacheControl?.ToString());
        Assert.Equal(503, (int)authorize.StatusCode);
        Assert.Null(authorize.Headers.Location);
        Assert.Equal("text/html", authorize.Content.Headers.ContentType?.MediaType);
        Assert.Contains("temporarily_unavailable", authorizeText, StringComparison.Ordinal);
        Assert.Null(ResponseChecks.LeakProblem(registerText));
        Assert.Null(ResponseChecks.LeakProblem(authorizeText));
    }

    private static Task<TestApp> StartMcpAsync(string environment, Exception fault) =>
        TestAppWith(environment, services =>
        {
            services.RemoveAll<ISessionStore>();
            services.AddSingleton(Throwing<ISessionStore>(fault));
        });

    private static async Task<TestApp> TestAppWith(string environment, Action<IServiceCollection> configure)
    {
        var production = environment == "Production";
        var settings = production
            ? new Dictionary<string, string?> { ["Auth:Mode"] = "Disabled", ["Auth:AllowDisabledOutsideDevelopment"] = "true" }
            : [];
        return await TestApp.StartAsync(settings, configure, environment);
    }

    /// <summary>A narrow port whose every call throws <paramref name="fault"/> (Moq, as the standards allow for ports).</summary>
    private static T Throwing<T>(Exception fault)
        where T : class => new Mock<T> { DefaultValueProvider = new ThrowingValueProvider(fault) }.Object;

    private sealed class ThrowingValueProvider(Exception fault) : DefaultValueProvider
    {
        protected override object GetDefaultValue(Type type, Mock mock) => throw fault;
    }

    /// <summary>Stands for a storage outage, the kind of fault an unavailable Table Storage raises.</summary>
    private sealed class UnavailableForTest() : Exception("storage unavailable (test)"), IHttpStatusFault
    {
        public int StatusCode => 503;

        public TimeSpan? RetryAfter => TimeSpan.FromSeconds(7);
    }
}
