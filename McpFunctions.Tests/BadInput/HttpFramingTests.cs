using System.Text;
using System.Text.Json.Nodes;
using McpFunctions.Tests.OAuthFacade.EndToEnd;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace McpFunctions.Tests.BadInput;

/// <summary>
/// Malformed HTTP framing (RFC 9112 §7.1 chunked coding, §6.3 a body shorter than its Content-Length) on every
/// route that reads a body: a clean 400 in the route's own error form, never the developer exception page or a
/// stack trace, in Production and Development; the log gets one line with the boundary's event id.
/// </summary>
public sealed class HttpFramingTests(ITestOutputHelper output)
{
    /// <summary>
    /// Bodies Kestrel cannot read; each fails inside the app, when the handler reads the body. The last two end the
    /// request early (half-close): the app answers 400, but Kestrel may reset the connection rather than deliver it,
    /// so for those the boundary's log line is the proof and a reset connection is accepted.
    /// </summary>
    private static readonly (string Name, string Framing, string Body)[] BrokenBodies =
    [
        ("chunk size not hex", "Transfer-Encoding: chunked", "ZZ\r\n{}\r\n0\r\n\r\n"),
        ("negative chunk size", "Transfer-Encoding: chunked", "-2\r\n{}\r\n0\r\n\r\n"),
        ("chunk size overflows", "Transfer-Encoding: chunked", "fffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
        ("no CRLF after chunk data", "Transfer-Encoding: chunked", "2\r\n{}XX0\r\n\r\n"),
        ("chunked body cut short", "Transfer-Encoding: chunked", "10\r\n{\"a\":"),
        ("body shorter than Content-Length", "Content-Length: 500", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"),
    ];

    private static int HalfClosedCount => BrokenBodies.Count(b => IsHalfClosed(b.Framing, b.Body));

    public static TheoryData<string> Environments => new() { "Production", "Development" };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task McpEndpoint_BrokenFraming_Is400JsonRpcError(string environment)
    {
        await using var app = await BadInputApp.StartAsync(environment);
        var failures = new List<string>();
        foreach (var (name, framing, body) in BrokenBodies)
        {
            foreach (var path in new[] { "/mcp", "/" })
            {
                var answer = await SendAsync(app.BaseAddress, path, "application/json", framing, body, BadInputApp.Token);
                if (Problem(answer, "application/json") is { } problem)
                {
                    failures.Add($"{path} {name}: {problem}");
                }
                else if (answer.Status != 0 && (int?)JsonNode.Parse(answer.Body)!["error"]!["code"] != -32600)
                {
                    failures.Add($"{path} {name}: {answer.Body}");
                }
            }
        }

        output.WriteLine($"{environment}: {BrokenBodies.Length * 2} framing cases, {failures.Count} failures.");
        Assert.Empty(failures);
        await AssertOneBoundaryLinePerCaseAsync(app.Logs, BrokenBodies.Length * 2, HalfClosedCount * 2);
    }

    [Fact]
    public async Task OAuthEndpoints_BrokenFraming_Is400InvalidRequest_JsonOrErrorPage_NeverARedirect()
    {
        await using var environment = await FacadeEnvironment.StartDevelopmentAsync();
        var app = environment.App;
        var routes = new (string Path, string ContentType, string Expected)[]
        {
            ("/register", "application/json", "application/json"),
            ("/token", "application/x-www-form-urlencoded", "application/json"),
            ("/revoke", "application/x-www-form-urlencoded", "application/json"),
            ("/authorize/consent", "application/x-www-form-urlencoded", "text/html"),
        };
        var failures = new List<string>();
        foreach (var (path, contentType, expected) in routes)
        {
            foreach (var (name, framing, body) in BrokenBodies)
            {
                var answer = await SendAsync(app.Client.BaseAddress!, path, contentType, framing, body, token: null);
                if (Problem(answer, expected) is { } problem)
                {
                    failures.Add($"{path} {name}: {problem}");
                }
                else if (answer.Status == 0)
                {
                    continue;
                }
                else if (expected == "application/json" && (string?)JsonNode.Parse(answer.Body)!["error"] != "invalid_request")
                {
                    failures.Add($"{path} {name}: {answer.Body}");
                }
                else if (answer.Headers.ContainsKey("location") || answer.Headers.GetValueOrDefault("cache-control") != "no-store")
                {
                    failures.Add($"{path} {name}: redirect or cacheable answer");
                }
            }
        }

        output.WriteLine($"OAuth: {routes.Length * BrokenBodies.Length} framing cases, {failures.Count} failures.");
        Assert.Empty(failures);
        await AssertOneBoundaryLinePerCaseAsync(app.Logs, routes.Length * BrokenBodies.Length, routes.Length * HalfClosedCount);
    }

    private static async Task<RawHttp.Answer> SendAsync(Uri baseAddress, string path, string contentType, string framing, string body, string? token)
    {
        try
        {
            return await SendOnceAsync(baseAddress, path, contentType, framing, body, token);
        }
        catch (Exception exception) when (IsHalfClosed(framing, body) && exception is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return new RawHttp.Answer(0, [], "half-closed: " + exception.Message);
        }
    }

    private static Task<RawHttp.Answer> SendOnceAsync(Uri baseAddress, string path, string contentType, string framing, string body, string? token)
    {
        var head = $"POST {path} HTTP/1.1\nHost: {baseAddress.Authority}\nContent-Type: {contentType}\nAccept: application/json, text/event-stream\n{framing}\n" +
                   (token is null ? string.Empty : $"Authorization: Bearer {token}\n") + "Connection: close\n";
        return RawHttp.SendAsync(baseAddress, head, Encoding.UTF8.GetBytes(body), halfClose: IsHalfClosed(framing, body));
    }

    /// <summary>The cases that end the request bytes early (the last two of <see cref="BrokenBodies"/>).</summary>
    private static bool IsHalfClosed(string framing, string body) =>
        framing.StartsWith("Content-Length", StringComparison.Ordinal) || !body.EndsWith("\r\n\r\n", StringComparison.Ordinal);

    private static string? Problem(RawHttp.Answer answer, string contentType)
    {
        if (answer.Status == 0 && answer.Body.Contains("half-closed", StringComparison.Ordinal))
        {
            return null;
        }

        if (answer.Status != 400)
        {
            return $"status {answer.Status}: {ResponseChecks.Shorten(answer.Body)}";
        }

        if (answer.ContentType?.StartsWith(contentType, StringComparison.Ordinal) != true)
        {
            return $"content type {answer.ContentType}: {ResponseChecks.Shorten(answer.Body)}";
        }

        return ResponseChecks.LeakProblem(answer.Body);
    }

    /// <summary>
    /// One boundary line per case: event 10 (could not be read, answered 400). A half-closed request that Kestrel
    /// already counts as gone logs event 13 (client went away, Debug) or nothing, when Kestrel drops it before the
    /// pipeline runs. Nothing at Error.
    /// </summary>
    private static async Task AssertOneBoundaryLinePerCaseAsync(TestSupport.CapturedLogs logs, int cases, int halfClosedCases)
    {
        // A connection Kestrel resets can reach the client before the request's last log line is written.
        for (var wait = 0; wait < 20 && BoundaryLines(logs).Count(l => l.EventId.Id == 10) < cases - halfClosedCases; wait++)
        {
            await Task.Delay(100);
        }

        var lines = BoundaryLines(logs);
        var unreadable = lines.Count(l => l.EventId.Id == 10 && l.Level == LogLevel.Information && l.Exception is null);
        var gone = lines.Count(l => l.EventId.Id == 13 && l.Level == LogLevel.Debug && l.Exception is null);
        Assert.InRange(lines.Count, cases - halfClosedCases, cases);
        Assert.Equal(lines.Count, unreadable + gone);
        Assert.True(unreadable >= cases - halfClosedCases, $"{unreadable} of {cases} answered 400");
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
    }

    private static List<TestSupport.CapturedLogs.LogLine> BoundaryLines(TestSupport.CapturedLogs logs) =>
        [.. logs.Lines.Where(l => l.Category.EndsWith("ErrorBoundaryMiddleware", StringComparison.Ordinal))];
}
