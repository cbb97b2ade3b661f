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
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var port = builder.Configuration[FunctionsHostingEnvironment.CustomHandlerPortVariable];
        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber) || portNumber is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{FunctionsHostingEnvironment.CustomHandlerPortVariable} must be a TCP port number, not '{port}'.");
            }

            // The host forwards to loopback; listening anywhere else would expose the app past the host.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, portNumber));
        }

        return builder;
    }
}
