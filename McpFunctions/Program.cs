using McpFunctions;
using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(FunctionsHostingEnvironment.CreateOptions(args));
    builder.AddMcpFunctions();

    var app = builder.Build();
    app.MapMcpFunctions();
    app.Run();
    return 0;
}
catch (OptionsValidationException ex)
{
    // Misconfiguration is an operator's mistake, not a crash: one line that says what to set, exit code 1.
    Console.Error.WriteLine($"McpFunctions cannot start: {string.Join(" ", ex.Failures)}");
    return 1;
}
