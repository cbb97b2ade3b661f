using McpFunctions;
using McpFunctions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Options;

try
{
    if (FunctionsHostingEnvironment.IsStartedAsWorker(args))
    {
        // Started by a Functions host (Azure, Core Tools, tools/LocalFunctionsHost): an isolated worker whose HTTP
        // functions run on ASP.NET Core.
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.AddMcpFunctions();
        builder.Build().Run();
    }
    else
    {
        // Started on its own: the same functions on Kestrel, routed from their attributes.
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMcpFunctions();

        // A failed start is reported below in one line; the host's own error log would repeat it with a stack trace.
        builder.Logging.AddFilter(ListenAddressInUse.HostLogCategory, LogLevel.None);
        var app = builder.Build();
        app.MapMcpFunctions();
        app.Run();
    }

    return 0;
}
catch (OptionsValidationException ex)
{
    // Misconfiguration is an operator's mistake, not a crash: one line that says what to set, exit code 1.
    Console.Error.WriteLine($"McpFunctions cannot start: {string.Join(" ", ex.Failures)}");
    return 1;
}
catch (Exception ex) when (ListenAddressInUse.Matches(ex))
{
    Console.Error.WriteLine($"McpFunctions cannot start: {ListenAddressInUse.Describe(ex)}");
    return 1;
}
