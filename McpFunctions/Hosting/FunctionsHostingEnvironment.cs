using System.Net;

namespace McpFunctions.Hosting;

/// <summary>
/// Facts about where the app runs, from the environment the platform sets. Being run by a Functions host proves
/// nothing about exposure (the repository's local host and Core Tools' <c>func start</c> are Functions hosts too);
/// Azure's own variables do.
/// </summary>
internal static class FunctionsHostingEnvironment
{
    /// <summary>Set by App Service and Azure Functions (every plan, Flex Consumption included) for each instance; never by Core Tools.</summary>
    public const string WebsiteInstanceIdVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>
    /// The app's default host name on Azure (<c>myapp.azurewebsites.net</c>). Core Tools sets it to
    /// <c>localhost:7071</c> locally (azure-functions-core-tools#197, #985), so a loopback value does not mean Azure.
    /// </summary>
    public const string WebsiteHostNameVariable = "WEBSITE_HOSTNAME";

    /// <summary>Set by a Functions host for the worker process it starts (<c>dotnet-isolated</c>).</summary>
    public const string WorkerRuntimeVariable = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>
    /// True on Azure (App Service or Functions): reachable from the internet, so auth-off and the development
    /// sign-in are refused. An instance id, or a host name that is not loopback, is enough (failing closed).
    /// </summary>
    public static bool IsOnAzure(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrEmpty(configuration[WebsiteInstanceIdVariable]))
        {
            return true;
        }

        var hostName = configuration[WebsiteHostNameVariable];
        return !string.IsNullOrWhiteSpace(hostName) && !IsLoopbackHostName(hostName);
    }

    /// <summary>
    /// True when requests reach the app through a Functions host (Azure's, Core Tools' or the local one): the
    /// connection then comes from the host, and the client's address is in <c>X-Forwarded-For</c>.
    /// </summary>
    public static bool IsBehindFunctionsHost(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration[WorkerRuntimeVariable]) || IsOnAzure(configuration);
    }

    /// <summary>
    /// True when a Functions host started this process as its worker: the host passes its gRPC address on the
    /// command line (<c>--functions-uri</c>, or <c>--host</c>/<c>--port</c> with <c>--workerId</c> from older hosts).
    /// </summary>
    public static bool IsStartedAsWorker(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(arg => arg is "--functions-uri" or "--workerId" or "--functions-worker-id");
    }

    /// <summary><c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, each with or without a port.</summary>
    public static bool IsLoopbackHostName(string hostAndPort)
    {
        ArgumentNullException.ThrowIfNull(hostAndPort);
        if (!Uri.TryCreate($"http://{hostAndPort.Trim()}", UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
