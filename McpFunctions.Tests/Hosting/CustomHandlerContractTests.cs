using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpFunctions.Tests.TestSupport;

namespace McpFunctions.Tests.Hosting;

/// <summary>
/// The Azure Functions custom-handler contract (DESIGN.md §1), checked on the real <c>dotnet publish</c>
/// output: the files the host and Flex Consumption look for, and the app started as the host starts it
/// (<c>dotnet McpFunctions.dll</c>, another working directory, <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>,
/// no environment name, so Production).
/// </summary>
[Collection(PublishedAppCollectionDefinition.Name)]
public sealed partial class CustomHandlerContractTests(PublishedApp published)
{
    private static readonly TimeSpan RefusalDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public void PublishOutput_HoldsDllHostJsonAndAzureFunctionsFolder()
    {
        // Arrange
        var folder = published.Directory;

        // Act
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Contains("McpFunctions.dll", files);
        Assert.Contains("McpFunctions.runtimeconfig.json", files);
        Assert.Contains("host.json", files);
        Assert.Contains("appsettings.json", files);
        Assert.True(Directory.Exists(Path.Combine(folder, ".azurefunctions")), $"no .azurefunctions folder in {folder}: Flex Consumption package validation looks for it");
    }

    [Fact]
    public void HostJson_DeclaresMcpCustomHandler_StartingThePublishedDllWithDotnet()
    {
        // Arrange
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(published.Directory, "host.json")))!;

        // Act
        var handler = hostJson["customHandler"]!;
        var arguments = handler["description"]!["arguments"]!.AsArray().Select(a => (string?)a).ToArray();

        // Assert
        Assert.Equal("2.0", (string?)hostJson["version"]);
        Assert.Equal("mcp-custom-handler", (string?)hostJson["configurationProfile"]);
        Assert.Equal("dotnet", (string?)handler["description"]!["defaultExecutablePath"]);
        var dll = Assert.Single(arguments);
        Assert.Equal("McpFunctions.dll", dll);
        Assert.True(File.Exists(Path.Combine(published.Directory, dll!)), $"host.json starts {dll}, which is not in the publish output");
        var port = (string?)handler["port"];
        Assert.True(int.TryParse(port, out var portNumber) && portNumber is > 0 and < 65536, $"customHandler.port is '{port}', not a TCP port");
        Assert.Equal("anonymous", (string?)handler["http"]!["DefaultAuthorizationLevel"]);
    }

    [Fact]
    public async Task Start_UnderHost_WithAuthDisabled_ExitsNonZeroQuickly_NamingAuthModeOnStderr()
    {
        // Arrange
        var port = PublishedAppProcess.FreeLoopbackPort();

        // Act
        await using var app = PublishedAppProcess.Start(published, port);
        var exited = await app.WaitForExitAsync(RefusalDeadline);

        // Assert
        Assert.True(exited, $"the app kept running for {RefusalDeadline.TotalSeconds:F0} s with auth disabled under the host\n{app.Describe()}");
        Assert.NotEqual(0, app.ExitCode);
        Assert.Contains(app.StandardErrorLines, l => l.Contains("Auth:Mode", StringComparison.Ordinal));
        Assert.Contains(app.StandardErrorLines, l => l.Contains("Auth:AllowDisabledOutsideDevelopment", StringComparison.Ordinal));
        Assert.DoesNotContain(app.StandardOutputLines, l => l.Contains("Now listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_UnderHost_WithDisabledAuthAllowed_ListensOnLoopbackPortOnly_AndServesMcp()
    {
        // Arrange
        var port = PublishedAppProcess.FreeLoopbackPort();
        await using var app = PublishedAppProcess.Start(
            published,
            port,
            new Dictionary<string, string> { ["Auth__AllowDisabledOutsideDevelopment"] = "true" });

        // Act
        await app.WaitUntilHeadOkAsync(ReadyDeadline);
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        var sessionId = await McpHttp.HandshakeAsync(client, "/mcp");
        using var list = await client.SendAsync(McpHttp.Post("/mcp", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", sessionId, "2025-06-18"));
        var listText = await list.Content.ReadAsStringAsync();
        await app.WaitForLineAsync(l => l.Contains("Content root path:", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        // Assert: ready, and on the host's port on loopback only.
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        // Both streams: which stream a line went to is asserted last, with its own message.
        var output = app.StandardOutputLines.Concat(app.StandardErrorLines).Select(l => l.Trim()).ToList();
        // Under the host each log entry is one line ("info: Microsoft.Hosting.Lifetime[14] Now listening on: ..."),
        // so messages are read from where they start within the line.
        var listening = Messages(output, "Now listening on: ");
        Assert.Equal([$"Now listening on: http://127.0.0.1:{port}"], listening);
        foreach (var address in OtherLocalAddresses())
        {
            Assert.False(await AcceptsConnectionAsync(address, port), $"the app accepts connections on {address}:{port}; it must listen on 127.0.0.1 only");
        }

        // Content comes from the app's folder although the working directory is elsewhere.
        var contentRoot = Messages(output, "Content root path: ").Single();
        Assert.Equal(published.Directory, Path.TrimEndingDirectorySeparator(contentRoot["Content root path: ".Length..]));
        Assert.Equal(["Hosting environment: Production"], Messages(output, "Hosting environment: "));

        // MCP over the forwarded port.
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("application/json", McpHttp.ContentType(list)?.MediaType);
        var tools = JsonNode.Parse(listText)!["result"]?["tools"]?.AsArray();
        Assert.True(tools is not null, listText);
        Assert.Contains("mcp_list", tools!.Select(t => (string?)t!["name"]));

        // The host forwards stderr as failures: Information and Warning belong on stdout.
        await app.StopAsync();
        var belowError = app.StandardErrorLines.Where(l => BelowErrorLogLine().IsMatch(l)).ToList();
        Assert.True(belowError.Count == 0, "stderr has log lines below Error:\n" + string.Join('\n', belowError));
        Assert.Contains(app.StandardOutputLines, l => l.StartsWith("info: ", StringComparison.Ordinal));
    }

    private static List<string> Messages(IEnumerable<string> lines, string start) =>
        [.. lines.Where(l => l.Contains(start, StringComparison.Ordinal)).Select(l => l[l.IndexOf(start, StringComparison.Ordinal)..])];

    [GeneratedRegex(@"^\s*(trce|dbug|info|warn):")]
    private static partial Regex BelowErrorLogLine();

    private static IEnumerable<IPAddress> OtherLocalAddresses()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => !a.Equals(IPAddress.Loopback) && !(a.AddressFamily == AddressFamily.InterNetworkV6 && a.IsIPv6LinkLocal))
            .ToList();
        if (Socket.OSSupportsIPv6 && !addresses.Contains(IPAddress.IPv6Loopback))
        {
            addresses.Add(IPAddress.IPv6Loopback);
        }

        return addresses.Distinct();
    }

    private static async Task<bool> AcceptsConnectionAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(address, port, deadline.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
