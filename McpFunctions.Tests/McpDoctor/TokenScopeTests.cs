using System.Net;
using McpDoctor.Http;
using McpDoctor.Output;
using Spectre.Console;

namespace McpFunctions.Tests.McpDoctor;

/// <summary>
/// The user's token goes to exactly the endpoint URL the user named and nowhere else: not to another path, port,
/// scheme or host, not through a redirect, not even when a request asks for it; and it is never printed.
/// </summary>
public sealed class TokenScopeTests
{
    private const string Token = "user-secret-token-0123456789";
    private static readonly Uri Endpoint = new("https://mcp.example.com/mcp");

    public static TheoryData<string, bool> Targets => new()
    {
        { "https://mcp.example.com/mcp", true },
        { "https://mcp.example.com/mcp?x=1", true },
        { "https://mcp.example.com/mcp/", false },
        { "https://mcp.example.com/MCP", false },
        { "https://mcp.example.com/.well-known/oauth-protected-resource/mcp", false },
        { "https://mcp.example.com/token", false },
        { "https://mcp.example.com:8443/mcp", false },
        { "http://mcp.example.com/mcp", false },
        { "https://auth.example.com/mcp", false },
        { "https://mcp.example.com.evil.example/mcp", false },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Token_IsAttached_OnlyToTheNamedEndpoint(string target, bool attached)
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new ProbeHttp(Endpoint, new TokenHolder { AccessToken = Token }, new ProbeLimits(), recorder);

        await http.SendAsync(new ProbeRequest(HttpMethod.Post, new Uri(target)) { Body = "{}", Authenticate = true }, CancellationToken.None);

        Assert.Equal(attached ? "Bearer " + Token : null, recorder.Seen.Single().Authorization);
    }

    [Fact]
    public async Task Token_IsNotAttached_WhenTheCheckDidNotAskForIt_OrSetItsOwn()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new ProbeHttp(Endpoint, new TokenHolder { AccessToken = Token }, new ProbeLimits(), recorder);

        await http.SendAsync(new ProbeRequest(HttpMethod.Post, Endpoint) { Body = "{}" }, CancellationToken.None);
        await http.SendAsync(new ProbeRequest(HttpMethod.Get, new Uri("https://auth.example.com/x")).WithHeader("Authorization", "Bearer " + Token), CancellationToken.None);

        Assert.All(recorder.Seen, s => Assert.Null(s.Authorization));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_FromTheEndpoint_ToAnotherOrigin_CarriesNoToken(int status)
    {
        var recorder = new RecordingHandler(request => request.RequestUri!.Host == "mcp.example.com"
            ? new HttpResponseMessage((HttpStatusCode)status) { Headers = { Location = new Uri("https://collector.example/steal") } }
            : new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new ProbeHttp(Endpoint, new TokenHolder { AccessToken = Token }, new ProbeLimits(), recorder);

        var response = await http.SendAsync(new ProbeRequest(HttpMethod.Post, Endpoint) { Body = "{}", Authenticate = true }, CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal(2, recorder.Seen.Count);
        Assert.Equal("Bearer " + Token, recorder.Seen[0].Authorization);
        Assert.Equal("collector.example", recorder.Seen[1].Url.Host);
        Assert.Null(recorder.Seen[1].Authorization);
    }

    [Fact]
    public async Task LoginRun_SendsTheIssuedToken_OnlyToTheMcpPath()
    {
        await using var server = await PitfallServer.StartAsync(Pitfall.None);

        var report = await DoctorRun.RunAsync(server.McpUrl, login: true);

        Assert.Equal(0, report.ExitCode);
        var withToken = server.Received.Where(r => r.Authorization is not null).ToList();
        Assert.NotEmpty(withToken);
        Assert.All(withToken, r => Assert.Equal("/mcp", r.Path));
        Assert.Contains(server.Received, r => r.Path.StartsWith("/.well-known/", StringComparison.Ordinal) && r.Authorization is null);
        Assert.Contains(server.Received, r => r.Path == "/token" && r.Authorization is null);
    }

    [Fact]
    public async Task Reports_NeverContainTheToken()
    {
        await using var server = await PitfallServer.StartAsync(Pitfall.None);

        var report = await DoctorRun.RunAsync(server.McpUrl, token: Token);
        var json = JsonReportWriter.Write(report);
        var text = new StringWriter();
        ConsoleReportWriter.Write(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors }), report);

        Assert.Contains("…6789", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token[..12], text.ToString(), StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(Uri Url, string? Authorization)> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
            return Task.FromResult(answer(request));
        }
    }
}
