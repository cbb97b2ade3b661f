using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Console;

namespace McpFunctions.Hosting;

internal static class FunctionsCustomHandlerExtensions
{
    /// <summary>
    /// The Azure Functions custom-handler contract: listen on <c>127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT</c>
    /// when the host sets it, and write errors (only errors) to stderr, which the host forwards to
    /// Application Insights as failures; everything else goes to stdout.
    /// </summary>
    public static WebApplicationBuilder UseFunctionsCustomHandler(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Error);
        if (FunctionsHostingEnvironment.IsHosted(builder.Configuration))
        {
            // The host forwards the handler's output line by line to Application Insights: one line per log entry
            // keeps each entry's category, event id and message together.
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = null;
            });
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var port = builder.Configuration[FunctionsHostingEnvironment.CustomHandlerPortVariable];
        if (string.IsNullOrEmpty(port) && FunctionsHostingEnvironment.IsHosted(builder.Configuration))
        {
            // The mcp-custom-handler profile forwards to the port named in host.json and may not set the variable.
            port = HostJsonPort(Path.Combine(AppContext.BaseDirectory, "host.json"));
        }

        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber) || portNumber is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{FunctionsHostingEnvironment.CustomHandlerPortVariable} (or customHandler.port in host.json) must be a TCP port number, not '{port}'.");
            }

            // The host forwards to loopback; listening anywhere else would expose the app past the host.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, portNumber));
        }

        return builder;
    }

    /// <summary><c>customHandler.port</c> from host.json, or null when the file or the value is absent.</summary>
    internal static string? HostJsonPort(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(hostJsonPath), new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("customHandler", out var handler)
            && handler.TryGetProperty("port", out var value)
            ? value.ValueKind == System.Text.Json.JsonValueKind.Number ? value.GetRawText() : value.GetString()
            : null;
    }
}
