namespace McpFunctions.Hosting;

/// <summary>
/// Facts about the Azure Functions custom-handler environment. The Functions host starts the published
/// app with <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> and forwards every HTTP request to that loopback port.
/// </summary>
internal static class FunctionsHostingEnvironment
{
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string WebsiteHostNameVariable = "WEBSITE_HOSTNAME";

    /// <summary>
    /// True when running under the Functions host or on App Service. Loopback binding proves nothing
    /// here: behind the host the app always listens on 127.0.0.1, yet it serves the internet.
    /// </summary>
    public static bool IsHosted(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[CustomHandlerPortVariable])
        || !string.IsNullOrEmpty(configuration[WebsiteHostNameVariable]);

    /// <summary>
    /// Builder options: under the host the content root is the app's own folder (the host's working
    /// directory is not), everywhere else the defaults.
    /// </summary>
    public static WebApplicationOptions CreateOptions(string[] args) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CustomHandlerPortVariable))
            ? new WebApplicationOptions { Args = args }
            : new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory };
}
