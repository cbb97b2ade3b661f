using McpFunctions;
using McpFunctions.Hosting;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(FunctionsHostingEnvironment.CreateOptions(args));
    builder.AddMcpFunctions();

    // A failed start is reported below in one line; the host's own error log would repeat it with a stack trace.
    builder.Logging.AddFilter(ListenAddressInUse.HostLogCategory, LogLevel.None);

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
catch (Exception ex) when (ListenAddressInUse.Matches(ex))
{
    Console.Error.WriteLine($"McpFunctions cannot start: {ListenAddressInUse.Describe(ex)}");
    return 1;
}
