using System.CommandLine;
using McpDoctor.Cli;
using Spectre.Console;

try
{
    var command = DoctorCommand.Create(AnsiConsole.Console, Console.Out);
    return await command.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    // Ctrl+C (or a terminating signal) before the report was complete.
    await Console.Error.WriteLineAsync("mcp-doctor: cancelled.");
    return 130;
}
catch (Exception e)
{
    // A bug in the doctor, not a finding about the server: name it, never print a stack trace or a token.
    await Console.Error.WriteLineAsync($"mcp-doctor: internal error ({e.GetType().Name}). Please report it with the command you ran (without the token).");
    return 3;
}
