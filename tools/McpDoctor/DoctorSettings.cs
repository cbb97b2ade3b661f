using McpDoctor.Http;
using McpDoctor.Login;

namespace McpDoctor;

/// <summary>One run's input: the endpoint, how to authenticate, what the user allows, and the bounds.</summary>
internal sealed record DoctorSettings(Uri Endpoint)
{
    /// <summary>A token the user already has (--token); sent only to <see cref="Endpoint"/>.</summary>
    public string? Token { get; init; }

    /// <summary>Run the authorization-code flow like Claude Code does (--login).</summary>
    public bool Login { get; init; }

    /// <summary>The tool a harmless tools/call may invoke (--call-tool); none is called without it.</summary>
    public string? CallTool { get; init; }

    public ProbeLimits Limits { get; init; } = new();

    /// <summary>How long --login waits for the browser to come back to the loopback listener.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Opens the authorization URL; the default opens the system browser and prints the URL.</summary>
    public IBrowserLauncher Browser { get; init; } = new SystemBrowserLauncher();
}
