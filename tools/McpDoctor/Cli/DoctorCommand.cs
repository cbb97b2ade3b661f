using System.CommandLine;
using McpDoctor.Http;
using McpDoctor.Login;
using McpDoctor.Output;
using Spectre.Console;

namespace McpDoctor.Cli;

/// <summary>The command line: the endpoint URL, how to authenticate, what the user allows, how to print.</summary>
internal static class DoctorCommand
{
    public const string TokenEnvironmentVariable = "MCP_DOCTOR_TOKEN";

    public const string Description = """
        Diagnoses a remote MCP server the way Claude.ai, Claude Code, ChatGPT and VS Code connect to it: reachability, OAuth discovery,
        client registration, sign-in, Streamable HTTP in both protocol eras, CORS and identity-provider pitfalls. Prints PASS/WARN/FAIL per
        check with what a user would see and the fix, and a verdict per client. Exit code 0 only when nothing fails.

        Your token is sent ONLY to the MCP endpoint URL you name, never to a metadata, authorization-server or redirect URL the doctor
        discovers; tokens are never printed (only their length and last four characters). Registration checks create clients on the
        server, as Claude does when it connects. No tool is called unless you name one with --call-tool.
        """;

    public static RootCommand Create(IAnsiConsole console, TextWriter output, IBrowserLauncher? browser = null)
    {
        var url = new Argument<string>("url") { Description = "The MCP endpoint URL, e.g. https://example.com/mcp" };
        var token = new Option<string?>("--token") { Description = $"An access token you already have (or set {TokenEnvironmentVariable}); sent only to the endpoint URL" };
        var login = new Option<bool>("--login") { Description = "Sign in like Claude Code: loopback redirect, PKCE S256, resource; opens your browser or prints the URL" };
        var callTool = new Option<string?>("--call-tool") { Description = "Call this tool once with empty arguments (nothing is called without it)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (for CI)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one request may take", DefaultValueFactory = _ => 10 };
        var budget = new Option<int>("--budget") { Description = "Seconds the whole run may take (the sign-in wait comes on top)", DefaultValueFactory = _ => 90 };

        var command = new RootCommand(Description) { url, token, login, callTool, json, timeout, budget };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(url) ?? "";
            if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"mcp-doctor: '{text}' is not an absolute http(s) URL.");
                return 2;
            }

            var seconds = Math.Clamp(parse.GetValue(timeout), 1, 300);
            var settings = new DoctorSettings(endpoint)
            {
                Token = parse.GetValue(token) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenEnvironmentVariable)),
                Login = parse.GetValue(login),
                CallTool = parse.GetValue(callTool),
                Limits = new ProbeLimits { RequestTimeout = TimeSpan.FromSeconds(seconds), Budget = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(budget), seconds, 3600)) },
                Browser = browser ?? new SystemBrowserLauncher(),
            };
            var report = await Doctor.RunAsync(settings, cancellationToken);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonReportWriter.Write(report));
            }
            else
            {
                ConsoleReportWriter.Write(console, report);
            }

            return report.ExitCode;
        });
        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
