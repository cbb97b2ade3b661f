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
