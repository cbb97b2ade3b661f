using McpFunctions.Hosting;
using McpFunctions.Mcp;
using McpFunctions.ResourceServer;
using Microsoft.Extensions.Options;

namespace McpFunctions;

/// <summary>
/// Once Kestrel listens, says where the endpoint is and how to connect a client to it, so that
/// <c>dotnet run</c> alone tells a newcomer what to do next.
/// </summary>
internal sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime,
    PublicUrls publicUrls,
    IOptions<McpEndpointOptions> endpointOptions,
    IOptions<AuthOptions> authOptions,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var path = endpointOptions.Value.Paths.FirstOrDefault(p => p != "/") ?? "/";
            var url = new Uri(publicUrls.ResolveBaseUri(), path).ToString();
            Log.Ready(logger, url, authOptions.Value.Mode);
            if (authOptions.Value.Mode == AuthMode.Disabled)
            {
                // The development sign-in warns that anyone can continue as anyone; no auth at all deserves the same.
                Log.AuthenticationOff(logger, url);
            }

            Log.HowToConnect(logger, url);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "MCP endpoint ready at {Url} (auth mode: {Mode})")]
        public static partial void Ready(ILogger logger, string url, AuthMode mode);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Connect MCP Inspector (Node.js 22.19 or later): npx @modelcontextprotocol/inspector, transport \"Streamable HTTP\", URL {Url}. Claude Code: claude mcp add --transport http mcp-functions {Url}")]
        public static partial void HowToConnect(ILogger logger, string url);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Authentication is OFF (Auth:Mode=Disabled): anyone who can reach {Url} can call every tool without a token. Development only; use Auth:Mode=Facade or External anywhere else.")]
        public static partial void AuthenticationOff(ILogger logger, string url);
    }
}
